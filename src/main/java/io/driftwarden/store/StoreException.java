package io.driftwarden.store;

/** The store could not do its work (database down, disk full); the message names the store. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
