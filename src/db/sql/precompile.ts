import type { Compilable, CompiledQuery } from 'kysely';

const PARAMETER_PREFIX = '\u0000countersign-parameter:';

/** Builds a query with named placeholders; `parameter(name)` stands for a value bound per call. */
export type PrecompileBuilder<Parameters, Row> = (
  parameter: (name: keyof Parameters & string) => never,
) => Compilable<Row>;

/** A query compiled once; calling it binds a parameter object and returns the compiled query. */
export type PrecompiledQuery<Parameters, Row> = (values: Parameters) => CompiledQuery<Row>;

/**
 * Compiles a Kysely query once and re-binds only its parameters on every call, so the hot paths
 * (load, compare-and-set, journal) skip building and compiling the query tree each time. The SQL
 * text stays identical, which also lets the SQLite driver reuse one prepared statement.
 *
 * @example
 * ```ts
 * const getRun = precompile<{ id: string }, RunRow>((parameter) =>
 *   db.selectFrom('countersign_runs').selectAll().where('id', '=', parameter('id')),
 * );
 * const rows = await backend.execute(getRun({ id: 'run_1' }));
 * ```
 */
export function precompile<Parameters extends object, Row>(
  build: PrecompileBuilder<Parameters, Row>,
): PrecompiledQuery<Parameters, Row> {
  const compiled = build((name) => `${PARAMETER_PREFIX}${name}` as never).compile();
  // Each slot is a parameter name to look up, or a constant the builder wrote literally.
  const slots = compiled.parameters.map((value): ((values: Parameters) => unknown) => {
    if (typeof value === 'string' && value.startsWith(PARAMETER_PREFIX)) {
      const name = value.slice(PARAMETER_PREFIX.length) as keyof Parameters;
      return (values) => values[name];
    }
    return () => value;
  });
  const { sql, query, queryId } = compiled;
  return (values) => ({ sql, query, queryId, parameters: slots.map((slot) => slot(values)) });
}
