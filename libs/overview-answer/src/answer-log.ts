/** Where the stored answer's background work reports (Nest's `Logger` fits; the apps log structured JSON). */
export interface AnswerLog {
  log(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}
