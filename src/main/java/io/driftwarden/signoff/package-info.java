/**
 * SIGNOFF and REVISION, allowed_signers, SSHSIG verification with the JDK's crypto, the rollback rule, change
 * records authorised by their own approvers. Depends on bundle, approval and yaml.
 */
package io.driftwarden.signoff;
