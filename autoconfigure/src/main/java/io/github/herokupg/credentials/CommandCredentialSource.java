package io.github.herokupg.credentials;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command (through the system shell) whose standard output is the connection
 * string, for example {@code heroku config:get DATABASE_URL -a my-app}. A non-zero exit,
 * a timeout or empty output is a failed fetch whose message carries the standard error,
 * masked.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public class CommandCredentialSource implements CredentialSource {

	private static final int MAX_STDERR = 300;

	private final String command;

	private final Duration timeout;

	/**
	 * Create a new source.
	 * @param command the command line
	 * @param timeout how long the command may run
	 */
	public CommandCredentialSource(String command, Duration timeout) {
		this.command = command;
		this.timeout = timeout;
	}

	@Override
	public String fetch() {
		Process process = start();
		CompletableFuture<String> stdout = read(process.getInputStream());
		CompletableFuture<String> stderr = read(process.getErrorStream());
		try {
			if (!process.waitFor(this.timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new CredentialSourceException("command timed out after " + this.timeout.toMillis() + "ms");
			}
			if (process.exitValue() != 0) {
				throw new CredentialSourceException("command exited with status " + process.exitValue() + ": "
						+ abbreviate(Secrets.maskConnectionStrings(stderr.join().strip())));
			}
			String output = stdout.join();
			if (output.isBlank()) {
				throw new CredentialSourceException("command printed nothing");
			}
			return output;
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new CredentialSourceException("interrupted while running the command");
		}
	}

	private Process start() {
		List<String> shell = System.getProperty("os.name", "").startsWith("Windows")
				? List.of("cmd.exe", "/c", this.command) : List.of("/bin/sh", "-c", this.command);
		try {
			Process process = new ProcessBuilder(shell).start();
			process.getOutputStream().close();
			return process;
		}
		catch (IOException ex) {
			throw new CredentialSourceException("command cannot be started (" + ex.getMessage() + ")");
		}
	}

	private static CompletableFuture<String> read(InputStream stream) {
		return CompletableFuture.supplyAsync(() -> {
			try (stream) {
				return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	private static String abbreviate(String text) {
		return (text.length() > MAX_STDERR) ? text.substring(0, MAX_STDERR) + "..." : text;
	}

	@Override
	public String type() {
		return "command";
	}

	@Override
	public String location() {
		return Secrets.maskConnectionStrings(this.command);
	}

}
