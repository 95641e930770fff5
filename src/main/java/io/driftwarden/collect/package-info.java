/**
 * Observing a host without changing it: the fixed probe script with its request embedded as data, the strict parser
 * of what it prints, the local and image transports, and the facts they return. Depends on inventory, standard and yaml.
 */
package io.driftwarden.collect;
