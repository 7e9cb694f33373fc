import { type ErrorDefinition } from './error-definition';

/** What people type to the bot. */
export const COMMAND_ERRORS = {
  REQUEST_ID_INVALID: {
    kind: 'invalid-input',
    userMessage: '"{input}" is not a request id; request ids look like LD-7K3M9Q.',
    retryable: false,
  },
  COMMAND_USAGE: {
    kind: 'invalid-input',
    userMessage: 'The command needs this form: {usage}.',
    retryable: false,
  },
  NOT_SECURITY_TEAM: {
    kind: 'forbidden',
    userMessage: "Only members of the security team can see Lockdown's requests.",
    retryable: false,
  },
  REQUEST_FORM_INVALID: {
    kind: 'invalid-input',
    userMessage: 'The request form was not understood ({problem}); open a new form with revoke.',
    retryable: false,
  },
} satisfies Record<string, ErrorDefinition>;
