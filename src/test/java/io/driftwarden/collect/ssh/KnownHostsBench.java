package io.driftwarden.collect.ssh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.sshd.client.config.hosts.KnownHostEntry;

/**
 * known_hosts lookups at fleet scale: a file of N hashed lines (one per host, as {@code ssh-keygen -H} writes
 * them), every host looked up once, in an order unrelated to the file's, as a run does. Prints, per host: MINA's
 * entry-by-entry matching (sampled: it is what every connection paid before), the index's first sight of every
 * host (a cold run), and the index again (a warm daemon's next run). Medians of 3 rounds, each on a new file.
 *
 * <p>{@code java -cp ... io.driftwarden.collect.ssh.KnownHostsBench [hosts]} (default 10,000).
 */
public final class KnownHostsBench {
    public static void main(String[] args) throws Exception {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = 3;
        double[] mina = new double[rounds];
        double[] cold = new double[rounds];
        double[] warm = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            List<String> lines = new ArrayList<>(hosts);
            for (int i = 0; i < hosts; i++) {
                lines.add(KnownHostsLines.hashed(name(i), 22, KnownHostsIndexTest.ED25519));
            }
            Path file = Files.createTempFile("known_hosts", "");
            Files.write(file, lines);
            List<KnownHostEntry> entries = KnownHostEntry.readKnownHostEntries(file);
            Files.delete(file);
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < hosts; i++) {
                order.add(i);
            }
            java.util.Collections.shuffle(order, new java.util.Random(r));

            int sample = Math.min(hosts, 200);
            long t0 = System.nanoTime();
            int found = 0;
            for (int k = 0; k < sample; k++) {
                String host = name(order.get(k));
                for (KnownHostEntry e : entries) {
                    if (e.isHostMatch(host, 22)) {
                        found++;
                    }
                }
            }
            mina[r] = (System.nanoTime() - t0) / 1e3 / sample;
            check(found, sample);

            KnownHostsIndex<KnownHostEntry> index = new KnownHostsIndex<>(entries, e -> e);
            cold[r] = pass(index, order);
            warm[r] = pass(index, order);
        }
        System.out.printf(
                "known_hosts of %,d hashed lines, %,d hosts looked up once each (medians of %d rounds):%n",
                hosts, hosts, rounds);
        System.out.printf("  MINA, entry by entry:     %,10.1f us a host%n", median(mina));
        System.out.printf("  index, cold (first run):  %,10.1f us a host%n", median(cold));
        System.out.printf("  index, warm (next runs):  %,10.3f us a host%n", median(warm));
        System.out.printf("  cold speed-up over MINA:  %,10.1fx%n", median(mina) / median(cold));
    }

    private static double pass(KnownHostsIndex<KnownHostEntry> index, List<Integer> order) {
        long t0 = System.nanoTime();
        int found = 0;
        for (int i : order) {
            found += index.matching(name(i), 22).size();
        }
        check(found, order.size());
        return (System.nanoTime() - t0) / 1e3 / order.size();
    }

    private static void check(int found, int expected) {
        if (found != expected) {
            throw new IllegalStateException("found " + found + " matches, expected " + expected);
        }
    }

    private static String name(int i) {
        return String.format("host-%05d.dc1.example", i);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
