package io.github.herokupg.credentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the connection string from a file, such as a mounted secret. A missing or empty
 * file is a failed fetch; a half-written one fails to parse, and the last good
 * credentials stay in place either way.
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
		try {
			String content = Files.readString(this.file, StandardCharsets.UTF_8);
			if (content.isBlank()) {
				throw new CredentialSourceException("file " + this.file + " is empty");
			}
			return content;
		}
		catch (NoSuchFileException ex) {
			throw new CredentialSourceException("file " + this.file + " does not exist");
		}
		catch (IOException ex) {
			throw new CredentialSourceException("file " + this.file + " cannot be read (" + ex.getClass().getSimpleName() + ")");
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
