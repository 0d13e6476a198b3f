package io.github.herokupg.slices;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The application the slice tests of this package find, as a user's would be.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class SliceApplication {

}
