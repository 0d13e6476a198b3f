package io.github.herokupg.credentials.source;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A child process whose output is read into bounded buffers and whose whole tree is
 * stopped when it is done: its descendants, and (on Linux) every process that still
 * carries its marker variable, such as a grandchild that the shell left behind holding
 * the output open.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class ChildProcess {

	private static final Log logger = LogFactory.getLog(ChildProcess.class);

	/** The most output kept of each stream. */
	static final int MAX_OUTPUT = 64 * 1024;

	/** How long processes left behind may hold the output open after the command ended. */
	private static final Duration EXIT_GRACE = Duration.ofSeconds(1);

	private static final Duration READER_WAIT = Duration.ofSeconds(1);

	static final String MARKER_VARIABLE = "HEROKU_POSTGRES_COMMAND_ID";

	private final Process process;

	private final String marker;

	private final Output stdout;

	private final Output stderr;

	private ChildProcess(Process process, String marker, Executor readers) {
		this.process = process;
		this.marker = marker;
		this.stdout = new Output(process.getInputStream());
		this.stderr = new Output(process.getErrorStream());
		readers.execute(this.stdout);
		readers.execute(this.stderr);
	}

	static ChildProcess start(List<String> command, Executor readers) {
		String marker = UUID.randomUUID().toString();
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().put(MARKER_VARIABLE, marker);
		try {
			Process process = builder.start();
			try {
				process.getOutputStream().close();
				return new ChildProcess(process, marker, readers);
			}
			catch (IOException | RuntimeException ex) {
				// no reader could be started: the process must not outlive the fetch
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
				throw ex;
			}
		}
		catch (IOException ex) {
			throw new CredentialSourceException("command cannot be started (" + ex.getClass().getSimpleName() + ")");
		}
	}

	/**
	 * Wait for the process to end and its output to be read.
	 * @param timeout the longest wait
	 * @return the exit value and the output
	 * @throws TimeoutException if the process did not end in time (it is stopped)
	 * @throws InterruptedException if interrupted (the process is stopped)
	 */
	Result await(Duration timeout) throws TimeoutException, InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		try {
			if (!this.process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
				stop();
				throw new TimeoutException();
			}
			Duration grace = min(EXIT_GRACE, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
			if (!this.stdout.awaitEnd(grace) || !this.stderr.awaitEnd(grace)) {
				logger.warn("A process started by the credentials command kept its output open after the command "
						+ "ended; it was stopped");
				stopTree();
				this.stdout.awaitEnd(READER_WAIT);
				this.stderr.awaitEnd(READER_WAIT);
			}
			return new Result(this.process.exitValue(), this.stdout, this.stderr);
		}
		catch (InterruptedException ex) {
			stop();
			throw ex;
		}
	}

	/**
	 * Stop the process and everything it started that still runs, such as a background
	 * process the shell left behind, and close its output: a fetch leaves no process.
	 */
	void stop() {
		stopTree();
		close(this.process.getInputStream());
		close(this.process.getErrorStream());
	}

	private void stopTree() {
		// the descendants first: once the shell is gone, its children are no longer its descendants
		List<ProcessHandle> tree = new ArrayList<>(this.process.descendants().toList());
		tree.addAll(marked());
		tree.forEach(ProcessHandle::destroyForcibly);
		this.process.destroyForcibly();
	}

	/**
	 * The processes whose environment carries this child's marker: on Linux, the ones the
	 * shell left behind as well.
	 */
	private List<ProcessHandle> marked() {
		Path proc = Path.of("/proc");
		if (!Files.isDirectory(proc)) {
			return List.of();
		}
		byte[] needle = (MARKER_VARIABLE + "=" + this.marker).getBytes(StandardCharsets.US_ASCII);
		long self = ProcessHandle.current().pid();
		return ProcessHandle.allProcesses()
			.filter((handle) -> handle.pid() != self && carries(proc.resolve(handle.pid() + "/environ"), needle))
			.toList();
	}

	private static boolean carries(Path environ, byte[] needle) {
		try {
			byte[] content = Files.readAllBytes(environ);
			outer: for (int i = 0; i + needle.length <= content.length; i++) {
				for (int j = 0; j < needle.length; j++) {
					if (content[i + j] != needle[j]) {
						continue outer;
					}
				}
				return i == 0 || content[i - 1] == 0;
			}
			return false;
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

	private static void close(InputStream stream) {
		try {
			stream.close();
		}
		catch (IOException ex) {
			// the stream of a process that is gone: nothing to do
		}
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) < 0) ? a : b;
	}

	/**
	 * Thrown when the process did not end in time.
	 */
	static final class TimeoutException extends Exception {

		TimeoutException() {
			super(null, null, false, false);
		}

	}

	/**
	 * What the process left: its exit value and output.
	 */
	record Result(int exitValue, Output stdout, Output stderr) {

	}

	/**
	 * One output stream, read to its end into at most {@link #MAX_OUTPUT} bytes; further
	 * bytes are read and dropped so that the process never blocks on a full pipe.
	 */
	static final class Output implements Runnable {

		private final InputStream stream;

		private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

		private final CountDownLatch end = new CountDownLatch(1);

		private volatile boolean overflowed;

		Output(InputStream stream) {
			this.stream = stream;
		}

		@Override
		public void run() {
			byte[] buffer = new byte[8192];
			try {
				int read;
				while ((read = this.stream.read(buffer)) != -1) {
					synchronized (this.kept) {
						int room = MAX_OUTPUT - this.kept.size();
						this.kept.write(buffer, 0, Math.min(room, read));
						this.overflowed |= read > room;
					}
				}
			}
			catch (IOException ex) {
				// closed because the process was stopped: what was read is kept
			}
			finally {
				this.end.countDown();
			}
		}

		boolean awaitEnd(Duration timeout) throws InterruptedException {
			return this.end.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}

		boolean ended() {
			return this.end.getCount() == 0;
		}

		boolean overflowed() {
			return this.overflowed;
		}

		String text() {
			synchronized (this.kept) {
				return this.kept.toString(StandardCharsets.UTF_8);
			}
		}

		@Override
		public String toString() {
			return "Output[" + this.kept.size() + " bytes]";
		}

	}

}
