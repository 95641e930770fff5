package io.driftwarden.store;

/**
 * The store could not do its work (database down, disk full); the message names the store. An
 * {@link IllegalStateException}, so the users of the storage ports (which never see this package) can tell it apart
 * from a refused input without depending on the store.
 */
public final class StoreException extends IllegalStateException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
