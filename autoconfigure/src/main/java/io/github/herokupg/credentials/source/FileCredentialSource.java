package io.github.herokupg.credentials.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the connection string from a file, such as a mounted secret. A missing or empty
 * file is a failed fetch; a half-written one fails to parse, and the last good
 * credentials stay in place either way. Further config vars are read from the files
 * beside it named after them, as a mounted directory of secrets has them
 * ({@code /etc/secrets/DATABASE_URL}, {@code /etc/secrets/DATABASE_CONNECTION_POOL_URL}).
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public class FileCredentialSource implements CredentialSource {

	private final Path file;

	/**
	 * Create a new source.
	 * @param file the file whose content is the connection string
	 */
	public FileCredentialSource(Path file) {
		this.file = file;
	}

	@Override
	public String fetch() {
		return read(this.file);
	}

	@Override
	public ConnectionStrings fetchWith(Collection<String> variables) {
		String primary = fetch();
		Map<String, String> others = new LinkedHashMap<>();
		Path directory = this.file.toAbsolutePath().getParent();
		for (String variable : variables) {
			Path sibling = (directory != null) ? directory.resolve(variable) : Path.of(variable);
			if (Files.isRegularFile(sibling)) {
				others.put(variable, read(sibling));
			}
		}
		return new ConnectionStrings(primary, others);
	}

	private static String read(Path file) {
		try {
			String content = Files.readString(file, StandardCharsets.UTF_8);
			if (content.isBlank()) {
				throw new CredentialSourceException("file " + file + " is empty");
			}
			return content;
		}
		catch (NoSuchFileException ex) {
			throw new CredentialSourceException("file " + file + " does not exist");
		}
		catch (IOException ex) {
			throw new CredentialSourceException("file " + file + " cannot be read (" + ex.getClass().getSimpleName() + ")");
		}
	}

	@Override
	public String type() {
		return "file";
	}

	@Override
	public String location() {
		return this.file.toString();
	}

}
