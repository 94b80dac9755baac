import { type Static, Type } from '@tdss/sdk';

export const SecretsLocalSettings = Type.Object({
  keyEnv: Type.String({
    minLength: 1,
    default: 'TDSS_SECRETS_KEY',
    description: 'Environment variable that holds the master key (32 bytes, base64). When it is set, it wins over keyFile.',
  }),
  keyFile: Type.Optional(
    Type.String({
      minLength: 1,
      description: 'File that holds the master key (32 bytes, base64), used when the environment variable is not set. It must exist.',
    }),
  ),
  keyDir: Type.Optional(
    Type.String({
      minLength: 1,
      description:
        'Folder for the master key generated when neither keyEnv nor keyFile supplies one, as <runtime name>-secrets.key. ' +
        'Default: $XDG_CONFIG_HOME/tdss, else ~/.config/tdss; keep it outside the data folder.',
    }),
  ),
});

export type SecretsLocalSettings = Static<typeof SecretsLocalSettings>;
