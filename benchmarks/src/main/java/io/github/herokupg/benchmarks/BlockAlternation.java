package io.github.herokupg.benchmarks;

import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Takes turns between the variants of a rotation benchmark in blocks of rotations, the
 * order moving on by one each block, until every variant has had its rotations: the
 * variants then see the same state of a shared machine.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class BlockAlternation {

	private BlockAlternation() {
	}

	/**
	 * Run the rotations.
	 * @param <S> a variant with its application
	 * @param variants the variants
	 * @param rotations how many rotations each variant gets
	 * @param block how many rotations one turn holds at most
	 * @param done how many rotations a variant has had
	 * @param turn runs a number of rotations of one variant
	 */
	static <S> void run(List<S> variants, int rotations, int block, ToIntFunction<S> done, Turn<S> turn)
			throws Exception {
		for (int round = 0; variants.stream().anyMatch((variant) -> done.applyAsInt(variant) < rotations); round++) {
			for (int i = 0; i < variants.size(); i++) {
				S variant = variants.get((round + i) % variants.size());
				int count = Math.min(block, rotations - done.applyAsInt(variant));
				if (count > 0) {
					turn.rotate(variant, count);
				}
			}
		}
	}

	/**
	 * A turn of one variant.
	 *
	 * @param <S> the variant
	 */
	@FunctionalInterface
	interface Turn<S> {

		void rotate(S variant, int rotations) throws Exception;

	}

}
