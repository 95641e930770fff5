package io.driftwarden.store;

import java.nio.file.Files;
import java.nio.file.Path;

/** The storage contract on the embedded H2 store, the single-node default. */
class JdbcStorageH2Test extends StoragePortsContract {
    static Ports over(Store store) {
        var runs = JdbcStorage.forRuns(store);
        return new Ports(
                runs.journal(),
                runs.mail(),
                JdbcStorage.evidence(store),
                runs.revisions(),
                runs.webhooks(),
                store::close);
    }

    @Override
    Ports open() throws Exception {
        Path dir = Files.createTempDirectory("dw-ports");
        return over(Store.open("jdbc:h2:file:" + dir.resolve("store")));
    }
}
