package neo4jlocal;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.importer.ImportCommand;
import org.neo4j.cli.ExecutionContext;
import org.neo4j.io.ByteUnit;
import picocli.CommandLine;

/**
 * Embedded Neo4j with a Bolt connector on 127.0.0.1, for local development and tests.
 *
 * <p>Usage: {@code java -cp "target/classes:target/lib/*" neo4jlocal.Neo4jLocal [port] [dataDir]}.
 * Port defaults to env NEO4J_LOCAL_PORT or 7687, data dir to env NEO4J_LOCAL_DATA or .neo4j-data/.
 * Prints exactly one stdout line when Bolt accepts connections:
 * {@code neo4j-local ready bolt://127.0.0.1:<port> in <ms> ms}. Diagnostics go to stderr, Neo4j's
 * own logs to {@code <dataDir>/logs}. SIGTERM/SIGINT shut the DBMS down cleanly and exit 0.
 * Optional watchdogs: env NEO4J_LOCAL_PARENT_PID (exit when that process is gone) and
 * NEO4J_LOCAL_EXIT_ON_STDIN_EOF=1 (exit when stdin reaches end of file).
 *
 * <p>Bulk mode: {@code Neo4jLocal --import <dataDir> [neo4j-admin database import full options]}
 * builds the default database of {@code dataDir} offline from CSV files, with the importer that
 * {@code neo4j-admin database import full} runs, and exits with its status. The data dir is laid
 * out as the embedded DBMS above expects, so the same dir can then be served.
 */
public final class Neo4jLocal {
    private static final String HOST = "127.0.0.1";
    private static final AtomicBoolean STOPPED = new AtomicBoolean();
    private static volatile DatabaseManagementService service;

    private Neo4jLocal() {}

    public static void main(String[] args) {
        if (args.length > 0 && "--import".equals(args[0])) {
            System.exit(bulkImport(args));
        }
        try {
            run(args);
        } catch (Throwable e) {
            StringBuilder msg = new StringBuilder("failed to start: ").append(e);
            for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
                msg.append("\n  caused by: ").append(c);
            }
            err(msg.toString());
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        long t0 = System.nanoTime();
        int port = Integer.parseInt(arg(args, 0, "NEO4J_LOCAL_PORT", "7687").trim());
        Path home = Path.of(arg(args, 1, "NEO4J_LOCAL_DATA", ".neo4j-data/")).toAbsolutePath().normalize();
        Files.createDirectories(home);

        // Exit 0 (not 143/130) on TERM/INT; System.exit runs the shutdown hook below.
        for (String sig : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(sig), s -> System.exit(0));
            } catch (Throwable e) {
                err("cannot handle SIG" + sig + ": " + e);
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(Neo4jLocal::stop, "neo4j-local-shutdown"));

        long pageCacheMb = Long.parseLong(arg(new String[0], 0, "NEO4J_LOCAL_PAGECACHE_MB", "128").trim());
        service = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.routing_enabled, false) // no extra port 7688
                .setConfig(GraphDatabaseSettings.udc_enabled, false) // usage data collection
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, ByteUnit.mebiBytes(512))
                .setConfig(GraphDatabaseSettings.logs_directory, home.resolve("logs"))
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(64))
                // Bolt's Netty event loops otherwise idle 2 x 5 s "quiet period" on shutdown.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(5))
                .build();
        GraphDatabaseService db = service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(60_000)) {
            err("database '" + db.databaseName() + "' did not become available");
            System.exit(1);
        }
        waitForBolt(port, 30_000);

        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.println("neo4j-local ready bolt://" + HOST + ":" + port + " in " + ms + " ms");
        System.out.flush();
        err("data dir " + home + " (logs in " + home.resolve("logs") + ")");

        startWatchdogs();
        Thread.currentThread().join(); // Neo4j runs on its own threads; wait for a signal
    }

    private static int bulkImport(String[] args) {
        if (args.length < 2) {
            err("usage: --import <dataDir> [import options]");
            return 2;
        }
        try {
            Path home = Path.of(args[1]).toAbsolutePath().normalize();
            Path conf = home.resolve("conf");
            Files.createDirectories(conf);
            ExecutionContext context = new ExecutionContext(home, conf);
            String[] options = Arrays.copyOfRange(args, 2, args.length);
            return new CommandLine(new ImportCommand.Full(context)).execute(options);
        } catch (Throwable e) {
            err("import failed: " + e);
            return 1;
        }
    }

    private static String arg(String[] args, int i, String env, String def) {
        if (args.length > i && !args[i].isBlank()) {
            return args[i];
        }
        String v = System.getenv(env);
        return v != null && !v.isBlank() ? v : def;
    }

    private static void waitForBolt(int port, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(HOST, port), 1000);
                return;
            } catch (Exception e) {
                if (System.currentTimeMillis() > deadline) {
                    err("Bolt port " + port + " not accepting connections: " + e);
                    System.exit(1);
                }
                Thread.sleep(50);
            }
        }
    }

    private static void startWatchdogs() {
        String ppid = System.getenv("NEO4J_LOCAL_PARENT_PID");
        if (ppid != null && !ppid.isBlank()) {
            long pid = Long.parseLong(ppid.trim());
            daemon("neo4j-local-parent-watchdog", () -> {
                while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    sleep(1000);
                }
                err("parent process " + pid + " is gone, shutting down");
                System.exit(0);
            });
        }
        if ("1".equals(System.getenv("NEO4J_LOCAL_EXIT_ON_STDIN_EOF"))) {
            daemon("neo4j-local-stdin-watchdog", () -> {
                try {
                    InputStream in = System.in;
                    byte[] buf = new byte[256];
                    while (in.read(buf) >= 0) {
                        // ignore input
                    }
                } catch (Exception ignored) {
                    // treat as closed
                }
                err("stdin closed, shutting down");
                System.exit(0);
            });
        }
    }

    private static void stop() {
        DatabaseManagementService s = service;
        if (!STOPPED.compareAndSet(false, true) || s == null) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            s.shutdown();
            err("stopped in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
        } catch (Throwable e) {
            err("shutdown failed: " + e);
        }
    }

    private static void daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void err(String msg) {
        System.err.println("neo4j-local: " + msg);
        System.err.flush();
    }
}
