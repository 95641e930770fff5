/**
 * Standards from a git repository (JGit, confined here): fetch the ref and export the commit's tree for admission
 * to read like a directory. Depends on config.
 */
package io.driftwarden.gitsource;
