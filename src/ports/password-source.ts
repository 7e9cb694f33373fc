import { type OneTimeSecret } from '../domain/directory/directory-mutation';

/** Strong random passwords for `reset-password`, handed to Graph once and then forgotten. */
export interface PasswordSource {
  newPassword(): OneTimeSecret;
}
