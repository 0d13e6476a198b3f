package io.github.herokupg.pooler;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Visits, through Spring Data JPA.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public interface VisitRepository extends JpaRepository<Visit, Long> {

	List<Visit> findByPath(String path);

}
