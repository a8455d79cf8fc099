/** Who is writing: recorded with every progress report, risk assessment and registration. */
export interface Actor {
  id: string;
}
