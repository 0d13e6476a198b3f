package io.github.herokupg.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the configuration metadata the build generates, as an IDE reads it: every
 * {@code heroku.postgres.*} property is described (the followers' HikariCP settings too, with
 * HikariCP's own defaults and the starter's), the enum-like ones
 * have value hints with descriptions, the pools' Hikari settings are declared as groups
 * (as Spring Boot declares {@code spring.datasource.hikari}), a deprecated name names its
 * replacement, and README's property table lists every property with the same default.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class ConfigurationMetadataTests {

	private static final String PREFIX = "heroku.postgres.";

	private final JsonNode metadata = read();

	@Test
	void describesEveryProperty() {
		List<String> undescribed = new ArrayList<>();
		for (JsonNode property : this.metadata.get("properties")) {
			String name = property.get("name").asText();
			if (name.startsWith(PREFIX) && !hasText(property, "description")) {
				undescribed.add(name);
			}
		}
		assertThat(undescribed).as("properties without a description").isEmpty();
	}

	@Test
	void givesTheFollowerPoolsDefaultsAsTheyAre() throws Exception {
		HikariConfig defaults = new HerokuPostgresPoolProperties().getReplica().getHikari();
		int declared = 0;
		for (JsonNode property : this.metadata.get("properties")) {
			String name = property.get("name").asText();
			if (name.startsWith(PREFIX + "replica.hikari.") && property.has("defaultValue")) {
				Object actual = getter(HikariConfig.class, name.substring((PREFIX + "replica.hikari.").length()))
					.invoke(defaults);
				assertThat(property.get("defaultValue").asText()).as(name).isEqualTo(String.valueOf(actual));
				declared++;
			}
		}
		assertThat(declared).as("follower pool settings with a default").isGreaterThanOrEqualTo(10);
	}

	private static Method getter(Class<?> type, String kebabName) throws NoSuchMethodException {
		StringBuilder camel = new StringBuilder();
		for (String part : kebabName.split("-")) {
			camel.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
		}
		try {
			return type.getMethod("get" + camel);
		}
		catch (NoSuchMethodException ex) {
			return type.getMethod("is" + camel);
		}
	}

	@Test
	void hintsTheValuesOfEveryEnumLikeProperty() {
		for (String name : List.of("ssl.mode", "source.type", "pool.replacement")) {
			JsonNode hint = hint(PREFIX + name);
			assertThat(hint).as(name).isNotNull();
			assertThat(hint.get("values")).as(name).isNotEmpty().allSatisfy((value) -> {
				assertThat(hasText(value, "value")).isTrue();
				assertThat(hasText(value, "description")).as("description of " + value.get("value")).isTrue();
			});
		}
	}

	@Test
	void declaresThePoolsHikariSettings() {
		List<String> groups = new ArrayList<>();
		this.metadata.get("groups").forEach((group) -> groups.add(group.get("name").asText()));
		assertThat(groups).contains(PREFIX + "replica.hikari", PREFIX + "pool");
		assertThat(property(PREFIX + "replica.hikari.maximum-pool-size")).isNotNull();
		assertThat(property(PREFIX + "databases")).as("attachments, by name").isNotNull();
	}

	@Test
	void namesTheReplacementOfADeprecatedProperty() {
		JsonNode deprecated = property(PREFIX + "replica.url-variable");
		assertThat(deprecated).isNotNull();
		assertThat(deprecated.path("deprecation").path("replacement").asText())
			.isEqualTo(PREFIX + "replica.url-variables");
	}

	@Test
	void agreesWithReadmesPropertyTable() throws IOException {
		Map<String, String> documented = readmeProperties();
		Map<String, String> declared = new LinkedHashMap<>();
		for (JsonNode property : this.metadata.get("properties")) {
			String name = property.get("name").asText();
			if (name.startsWith(PREFIX) && !name.contains(".hikari.") && !property.has("deprecation")
					&& !name.equals(PREFIX + "databases")) {
				declared.put(name, property.hasNonNull("defaultValue") ? property.get("defaultValue").asText() : null);
			}
		}
		assertThat(documented.keySet()).as("README rows").containsAll(declared.keySet());
		documented.keySet()
			.stream()
			.filter((name) -> !name.contains("<") && !name.endsWith(".*"))
			.forEach((name) -> assertThat(declared).as("metadata").containsKey(name));
		declared.forEach((name, defaultValue) -> {
			if (defaultValue != null) {
				assertThat(documented.get(name)).as("README default of " + name).isEqualTo(defaultValue);
			}
		});
	}

	/**
	 * The names and defaults of README's property table: the first code span of each
	 * column, {@code null} for a dash.
	 */
	private static Map<String, String> readmeProperties() throws IOException {
		Map<String, String> properties = new LinkedHashMap<>();
		Pattern row = Pattern.compile("^\\| `(heroku\\.postgres\\.[^`]+)` \\| ([^|]*) \\|");
		Pattern code = Pattern.compile("`([^`]*)`");
		for (String line : Files.readAllLines(Path.of("..", "README.md"))) {
			Matcher matcher = row.matcher(line);
			if (matcher.find()) {
				Matcher value = code.matcher(matcher.group(2));
				properties.put(matcher.group(1), value.find() ? value.group(1) : null);
			}
		}
		assertThat(properties).as("README's property table").isNotEmpty();
		return properties;
	}

	private JsonNode property(String name) {
		for (JsonNode property : this.metadata.get("properties")) {
			if (property.get("name").asText().equals(name)) {
				return property;
			}
		}
		return null;
	}

	private JsonNode hint(String name) {
		for (JsonNode hint : this.metadata.path("hints")) {
			if (hint.get("name").asText().equals(name)) {
				return hint;
			}
		}
		return null;
	}

	private static boolean hasText(JsonNode node, String field) {
		return node.hasNonNull(field) && !node.get(field).asText().isBlank();
	}

	private static JsonNode read() {
		try (InputStream in = ConfigurationMetadataTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("generated by spring-boot-configuration-processor").isNotNull();
			return new ObjectMapper().readTree(in);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
