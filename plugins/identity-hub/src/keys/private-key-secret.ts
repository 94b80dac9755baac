/** Where the private JWK of a key pair lives, in the participant's scope of the SecretStore. */
export function privateKeySecret(keyPairId: string): string {
  return `identity-hub/key-pairs/${keyPairId}`;
}
