/**
 * Pure: the bundle patch (line edits that keep comments and layout) and the fold-in record draft that adopt a hotfix.
 * Depends on audit, collect, diff and standard only.
 */
package io.driftwarden.adopt;
