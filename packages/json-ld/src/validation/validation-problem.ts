/** One reason a message is invalid: where (RFC 6901 JSON pointer into the message; "" is the root) and what. */
export interface ValidationProblem {
  path: string;
  message: string;
}
