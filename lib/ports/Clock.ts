/** Time as the cloud sees it (the embedded cloud's clock may be virtual): expiries, token validity, leads. */
interface Clock {
  now(): Date;
}

export type { Clock };
