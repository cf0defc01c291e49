package io.cairn.tests.service;

import static io.cairn.tests.service.DebianPackage.run;
import static io.cairn.tests.service.DebianPackage.tool;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.server.config.ConfigParser;
import io.cairn.server.config.ServerConfig;
import io.cairn.tests.service.DebianPackage.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package as dpkg would install it: its control fields and conffiles, the files it puts
 * below /, a unit that systemd accepts without a warning, maintainer scripts that create the cairn
 * user, and a defaults file whose commented values are Cairn's real defaults.
 */
class DebianPackageTest {
  @TempDir
  static Path scratch;
  static Path root;

  @BeforeAll
  static void unpack() throws Exception {
    root = DebianPackage.extract(scratch.resolve("root"));
  }

  @Test
  void controlFieldsDependOnAJava17RuntimeAndTheDefaultsFileIsAConffile() throws Exception {
    String deb = DebianPackage.file().toString();
    String dpkgDeb = tool("dpkg-deb", "dpkg");

    Result fields = run(List.of(dpkgDeb, "-f", deb, "Package", "Architecture", "Depends", "Version"));
    assertThat(fields.exitCode()).isZero();
    assertThat(fields.stdout()).contains("Package: cairn\n", "Architecture: all\n",
        "Depends: openjdk-17-jre-headless | java17-runtime-headless, adduser\n");
    assertThat(fields.stdout()).containsPattern("Version: [0-9][0-9.]*(~SNAPSHOT)?\n");

    Result conffiles = run(List.of(dpkgDeb, "-I", deb, "conffiles"));
    assertThat(conffiles.exitCode()).isZero();
    assertThat(conffiles.stdout().lines()).containsExactly("/etc/default/cairn");
  }

  @Test
  void installsLaunchersJarsUnitAndDefaults() throws Exception {
    for (String launcher : List.of("usr/bin/cairn", "usr/bin/cairnctl")) {
      Path p = root.resolve(launcher);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
          .as(launcher).isEqualTo("rwxr-xr-x");
      assertThat(run(List.of("sh", "-n", p.toString())).exitCode()).as(launcher + " parses").isZero();
    }
    assertThat(Files.readString(root.resolve("usr/bin/cairn")))
        .contains("exec ", "-jar /usr/share/cairn/cairn.jar \"$@\"");
    assertThat(Files.readString(root.resolve("usr/bin/cairnctl")))
        .contains("exec ", "-jar /usr/share/cairn/cairnctl.jar \"$@\"");
    assertThat(mainClass(root.resolve("usr/share/cairn/cairn.jar")))
        .isEqualTo("io.cairn.server.embed.Main");
    assertThat(mainClass(root.resolve("usr/share/cairn/cairnctl.jar"))).startsWith("io.cairn.cli.");
    assertThat(root.resolve("lib/systemd/system/cairn.service")).isRegularFile();
    assertThat(root.resolve("etc/default/cairn")).isRegularFile();
  }

  @Test
  void theUnitIsANotifyServiceOfTheCairnUserThatSystemdAcceptsAsIs() throws Exception {
    Path unit = root.resolve("lib/systemd/system/cairn.service");
    String text = Files.readString(unit);
    assertThat(text).contains("\nType=notify\n", "\nUser=cairn\n",
        "\nEnvironmentFile=-/etc/default/cairn\n", "\nEnvironment=ETCD_DATA_DIR=/var/lib/cairn/",
        "\nExecStart=/usr/bin/cairn $DAEMON_ARGS\n", "\nSuccessExitStatus=143\n");

    // systemd-analyze resolves ExecStart on this machine: point it at the unpacked launcher, so a
    // launcher missing from the package, or not executable, fails the check too
    Path copy = scratch.resolve("verify").resolve("cairn.service");
    Files.createDirectories(copy.getParent());
    Files.writeString(copy, text.replace("ExecStart=/usr/bin/cairn ",
        "ExecStart=" + root.resolve("usr/bin/cairn") + " "));
    Result verify = run(List.of(tool("systemd-analyze", "systemd"), "verify", copy.toString()));
    // it exits 0 on unknown keys and bad values too, with a warning: nothing may be printed
    assertThat(verify.stdout() + verify.stderr()).as("systemd-analyze verify output").isEmpty();
    assertThat(verify.exitCode()).isZero();
  }

  @Test
  void maintainerScriptsCreateTheUserAndItsDataDirAndRemoveThemOnPurge() throws Exception {
    Path control = scratch.resolve("control");
    assertThat(run(List.of(tool("dpkg-deb", "dpkg"), "-e", DebianPackage.file().toString(),
        control.toString())).exitCode()).isZero();
    for (String script : List.of("postinst", "prerm", "postrm")) {
      assertThat(run(List.of("sh", "-n", control.resolve(script).toString())).exitCode())
          .as(script + " parses").isZero();
    }
    assertThat(Files.readString(control.resolve("postinst")))
        .contains("adduser --system --group", "--home /var/lib/cairn cairn",
            "chown cairn:cairn /var/lib/cairn", "deb-systemd-invoke");
    assertThat(Files.readString(control.resolve("postrm")))
        .contains("deluser --system cairn", "rm -rf /var/lib/cairn");
  }

  @Test
  void theDefaultsFileSetsNothingAndItsCommentedValuesAreCairnsDefaults() throws Exception {
    List<String> lines = Files.readAllLines(root.resolve("etc/default/cairn"));
    assertThat(lines).allMatch(l -> l.isBlank() || l.startsWith("#"));
    Pattern documented = Pattern.compile("^#(ETCD_[A-Z_]+)=\"([^\"]*)\"$");
    Map<String, String> env = new HashMap<>();
    for (String line : lines) {
      Matcher m = documented.matcher(line);
      if (m.matches()) {
        env.put(m.group(1), m.group(2));
      }
    }
    assertThat(env).containsKeys("ETCD_NAME", "ETCD_DATA_DIR", "ETCD_INITIAL_CLUSTER",
        "ETCD_LISTEN_CLIENT_URLS", "ETCD_ELECTION_TIMEOUT");

    // uncommenting every line changes nothing but the data dir the unit sets anyway
    ServerConfig documentedConfig = ConfigParser.parse(new String[0], env);
    ServerConfig defaults = ConfigParser.parse(new String[0],
        Map.of("ETCD_DATA_DIR", env.get("ETCD_DATA_DIR")));
    assertThat(documentedConfig).isEqualTo(defaults);
  }

  private static String mainClass(Path jar) throws Exception {
    try (JarFile j = new JarFile(jar.toFile())) {
      return j.getManifest().getMainAttributes().getValue("Main-Class");
    }
  }
}
