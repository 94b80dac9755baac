// Runs a dataspace conformance kit from the module jars that Maven Central serves here.
//
// The kits' own suite jars (dsp-tck, dcp-tck) are not served by the registry this project
// reaches, so there is no packaged main class to call; this launcher drives the kit through
// its public embedding API instead (org.eclipse.dataspacetck.runtime.TckRuntime, shipped in
// the kit's tck-runtime jar), which prints the kit's own summary ("Passed tests: N",
// "Failed tests: N"). Run it as a single-file source program:
//
//   java -cp 'test/conformance/.cache/dsp/lib/*' test/conformance/tck/TckLauncher.java \
//     -config my.properties -package org.eclipse.dataspacetck.dsp.verification [-match 'CAT:.*']
//
// -config   a Java properties file; every entry becomes a system property the kit reads
//           (it must name the kit's system launcher in dataspacetck.launcher)
// -package  test package to scan for classes named *Test; repeatable
// -match    optional regular expression a test's display name must match (e.g. 'CN_C:.*')
//
// The kit's own summary counts only failed test methods: a kit that cannot start (a missing
// setting, a port in use) fails its test classes instead and still prints "Failed tests: 0".
// So after the kit's summary this launcher prints one verdict line of its own,
//   TCK verdict: PASS|FAIL (found=.. succeeded=.. failed=.. aborted=.. skipped=.. containers failed=..)
// prints the causes of container failures, and exits 0 only on PASS: at least one test
// succeeded and nothing failed or aborted. Disabled tests count as skipped.

import org.eclipse.dataspacetck.core.system.ConsoleMonitor;
import org.eclipse.dataspacetck.runtime.ConsoleResultWriter;
import org.eclipse.dataspacetck.runtime.TckRuntime;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

public class TckLauncher {

    public static void main(String[] args) throws IOException {
        Path config = null;
        List<String> packages = new ArrayList<>();
        Pattern match = null;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                usage("option " + args[i] + " needs a value");
            }
            switch (args[i]) {
                case "-config" -> config = Path.of(args[i + 1]);
                case "-package" -> packages.add(args[i + 1]);
                case "-match" -> match = Pattern.compile(args[i + 1]);
                default -> usage("unknown option " + args[i]);
            }
        }
        if (config == null || packages.isEmpty()) {
            usage("-config and at least one -package are required");
        }
        if (!Files.isRegularFile(config)) {
            usage("configuration file " + config + " does not exist");
        }

        Map<String, String> properties = readProperties(config);
        if (!properties.containsKey("dataspacetck.launcher")) {
            usage(config + " does not set dataspacetck.launcher (the kit's system launcher class)");
        }

        var monitor = new ConsoleMonitor(
                Boolean.parseBoolean(properties.getOrDefault("dataspacetck.debug", "false")),
                Boolean.parseBoolean(properties.getOrDefault("dataspacetck.ansi", "false")));

        var builder = TckRuntime.Builder.newInstance().properties(properties).monitor(monitor);
        packages.forEach(builder::addPackage);
        if (match != null) {
            var pattern = match;
            builder.displayNameMatching(name -> pattern.matcher(name).matches());
        }

        var summary = builder.build().execute();
        new ConsoleResultWriter(monitor).output(summary);
        monitor.message("Test run complete");
        System.exit(printVerdict(summary) ? 0 : 1);
    }

    private static boolean printVerdict(TestExecutionSummary summary) {
        summary.getFailures().stream()
                .filter(failure -> failure.getTestIdentifier().getSource()
                        .filter(source -> source instanceof MethodSource).isEmpty())
                .forEach(failure -> System.out.println("Container failed: "
                        + failure.getTestIdentifier().getDisplayName() + ": " + failure.getException()));
        var passed = summary.getTestsSucceededCount() > 0
                && summary.getTestsFailedCount() == 0
                && summary.getTestsAbortedCount() == 0
                && summary.getContainersFailedCount() == 0;
        System.out.printf("TCK verdict: %s (found=%d succeeded=%d failed=%d aborted=%d skipped=%d containers failed=%d)%n",
                passed ? "PASS" : "FAIL",
                summary.getTestsFoundCount(),
                summary.getTestsSucceededCount(),
                summary.getTestsFailedCount(),
                summary.getTestsAbortedCount(),
                summary.getTestsSkippedCount(),
                summary.getContainersFailedCount());
        return passed;
    }

    private static Map<String, String> readProperties(Path file) throws IOException {
        var properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        Map<String, String> result = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> result.put(key, properties.getProperty(key)));
        return result;
    }

    private static void usage(String problem) {
        System.err.println("TckLauncher: " + problem);
        System.err.println("usage: java -cp '<kit lib>/*' TckLauncher.java -config <file> -package <test package> [-package ...] [-match <display-name regex>]");
        System.exit(2);
    }
}
