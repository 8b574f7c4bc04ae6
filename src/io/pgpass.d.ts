/** The pgpass package (node-postgres's reader of ~/.pgpass, or the file PGPASSFILE names): the password of the first matching line, or undefined. */
declare module 'pgpass' {
  function pgpass(connection: { host?: string; port?: number; database?: string; user?: string }, found: (password: string | undefined) => void): void;
  export default pgpass;
}
