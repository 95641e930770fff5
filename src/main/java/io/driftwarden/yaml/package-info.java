/**
 * Strict YAML loading (SnakeYAML, confined here): tabs, anchors, tags and duplicate keys refused, every problem with
 * its file:line:column, input files capped before they are read. Depends on nothing else of ours.
 */
package io.driftwarden.yaml;
