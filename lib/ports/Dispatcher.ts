/** Hands a stage's output to the next stage: FunctionGraph async invoke in the cloud, in this process locally. */

/** The stages that can be dispatched to. */
const StageName = {
  CreateKey: 'create-key',
  FetchParameters: 'fetch-parameters',
  WrapMaterial: 'wrap-material',
  ImportMaterial: 'import-material',
  OnEvent: 'on-event',
} as const;
type StageName = (typeof StageName)[keyof typeof StageName];

interface Dispatcher {
  dispatch(stage: StageName, event: Record<string, unknown>): Promise<void>;
}

export { StageName };
export type { Dispatcher };
