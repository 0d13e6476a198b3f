package io.github.herokupg.aot;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Greetings, through Spring Data JPA.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public interface GreetingRepository extends JpaRepository<Greeting, Long> {

	List<Greeting> findByText(String text);

}
