package io.driftwarden.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class StoreH2Test extends StoreContract {
    @TempDir
    Path dir;

    @Override
    String freshUrl() {
        return "jdbc:h2:file:" + dir.resolve("driftwarden") + ";AUTO_SERVER=TRUE";
    }
}
