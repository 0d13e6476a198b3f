package io.github.herokupg.testsupport;

import java.lang.management.ManagementFactory;

/**
 * What the threads of this JVM have allocated, to show that refusing a huge input does
 * not hold it.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class Allocations {

	private Allocations() {
	}

	/**
	 * Return the bytes allocated so far by every live thread.
	 * @return the sum
	 */
	public static long allocatedBytes() {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long total = 0;
		for (long allocated : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
			total += Math.max(0, allocated);
		}
		return total;
	}

}
