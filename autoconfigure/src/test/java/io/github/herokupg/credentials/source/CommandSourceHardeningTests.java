package io.github.herokupg.credentials.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.github.herokupg.credentials.BackgroundTasks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Attacks on the command source: children that hang, grandchildren that hold the output
 * open after the shell is gone, output that never ends, and secrets on the command line
 * and in the standard error. Every fetch returns within its bound, leaves no process and
 * no reading thread behind, and shows no secret.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
@Timeout(60)
class CommandSourceHardeningTests {

	private static final String URL = "postgres://u:p@db.example.com/db";

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private final BackgroundTasks tasks = new BackgroundTasks();

	@TempDir
	Path directory;

	@AfterEach
	void stopBackgroundTasks() {
		this.tasks.close();
	}

	@Test
	void aGrandchildThatHoldsTheOutputOpenAfterTheShellEndedIsStopped() throws Exception {
		Path pid = this.directory.resolve("pid");
		long started = System.nanoTime();
		String output = bounded("sleep 600 & echo $! > " + pid + "; echo '" + URL + "'").fetch();
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(output.strip()).isEqualTo(URL);
		assertThat(took).isLessThan(TIMEOUT);
		assertStoppedAndNothingLeft(pid);
	}

	@Test
	void aHungChildUnderTheShellIsStoppedAtTheTimeout() throws Exception {
		Path pid = this.directory.resolve("pid");
		long started = System.nanoTime();
		assertThatExceptionOfType(CredentialSourceException.class)
			.isThrownBy(() -> bounded("sleep 600 & echo $! > " + pid + "; wait").fetch())
			.withMessageContaining("did not answer within 2000ms");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.plusSeconds(2));
		assertStoppedAndNothingLeft(pid);
	}

	@Test
	void aDetachedGrandchildHoldingTheOutputIsStoppedAtTheTimeout() throws Exception {
		Path pid = this.directory.resolve("pid");
		long started = System.nanoTime();
		// the subshell exits at once: its sleep belongs to nobody, but still holds the output
		assertThatExceptionOfType(CredentialSourceException.class)
			.isThrownBy(() -> bounded("(sleep 600 & echo $! > " + pid + "); sleep 600").fetch());
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.plusSeconds(2));
		assertStoppedAndNothingLeft(pid);
	}

	@Test
	void outputBeyondTheCapFailsTheFetchWithoutHoldingIt() {
		long started = System.nanoTime();
		assertThatExceptionOfType(CredentialSourceException.class)
			.isThrownBy(() -> bounded("head -c 50000000 /dev/zero").fetch())
			.withMessage("command printed more than 64 KiB; a connection string is far shorter");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.plusSeconds(2));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.tasks.activeThreads() == 0);
	}

	@Test
	void aCommandWhoseOutputCannotBeReadIsStoppedAtOnce() {
		long before = liveChildren();
		Executor refusing = (task) -> {
			throw new RejectedExecutionException("every thread is busy");
		};
		assertThatExceptionOfType(RejectedExecutionException.class)
			.isThrownBy(() -> new CommandCredentialSource("sleep 600", TIMEOUT, refusing).fetch());
		await().atMost(Duration.ofSeconds(5)).until(() -> liveChildren() == before);
	}

	private static long liveChildren() {
		return ProcessHandle.current().children().filter(ProcessHandle::isAlive).count();
	}

	@Test
	void showsOnlyTheProgramAsItsLocation() {
		assertThat(new CommandCredentialSource("heroku config:get DATABASE_URL -a my-app --token s3cret", TIMEOUT,
				this.tasks).location()).isEqualTo("heroku");
		assertThat(new CommandCredentialSource("PGPASSWORD=s3cret HEROKU_API_KEY=k3y heroku pg:credentials:url",
				TIMEOUT, this.tasks).location()).isEqualTo("heroku");
	}

	@Test
	void masksSecretsOfEveryKindInTheStandardError() throws Exception {
		Path script = Files.writeString(this.directory.resolve("fail.sh"),
				"echo 'PGPASSWORD=pw1 --token tk2 Authorization: Bearer br3 HEROKU_API_KEY=ak4 password=pw5 "
						+ "Password: pw6 postgres://u:pw7@h/db client_secret=cs8' >&2; exit 1");
		assertThatExceptionOfType(CredentialSourceException.class)
			.isThrownBy(() -> bounded("sh " + script).fetch())
			.satisfies((ex) -> {
				for (String secret : List.of("pw1", "tk2", "br3", "ak4", "pw5", "pw6", "pw7", "cs8")) {
					assertThat(ex.getMessage()).doesNotContain(secret);
				}
				assertThat(ex.getMessage()).contains("exited with status 1");
			});
	}

	private CredentialSource bounded(String command) {
		return new TimeBoundedCredentialSource(new CommandCredentialSource(command, TIMEOUT, this.tasks), TIMEOUT,
				this.tasks);
	}

	/**
	 * Whether a process runs: a killed orphan may stay a zombie until whoever adopted it
	 * reaps it, which is dead all the same.
	 */
	private static boolean isRunning(long pid) throws Exception {
		if (ProcessHandle.of(pid).map((handle) -> !handle.isAlive()).orElse(true)) {
			return false;
		}
		Path stat = Path.of("/proc", Long.toString(pid), "stat");
		if (!Files.exists(stat)) {
			return true;
		}
		String content = Files.readString(stat);
		// the state follows the command name in parentheses: "1234 (sleep) Z ..."
		return content.charAt(content.lastIndexOf(')') + 2) != 'Z';
	}

	private void assertStoppedAndNothingLeft(Path pidFile) throws Exception {
		await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
		long pid = Long.parseLong(Files.readString(pidFile).strip());
		await().atMost(Duration.ofSeconds(5)).until(() -> !isRunning(pid));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.tasks.activeThreads() == 0);
	}

}
