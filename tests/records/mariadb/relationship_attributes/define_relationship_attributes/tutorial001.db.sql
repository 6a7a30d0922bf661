BEGIN TRANSACTION;
CREATE TABLE hero (
	id int(11) NOT NULL /*!AUTO_INCREMENT*/,
	name varchar(255) NOT NULL,
	secret_name varchar(255) NOT NULL,
	age int(11),
	team_id int(11),
	PRIMARY KEY (id),
	CONSTRAINT hero_ibfk_1 FOREIGN KEY (team_id) REFERENCES team (id)
) /*!ENGINE=InnoDB COLLATE=utf8mb4_general_ci*/;
CREATE TABLE team (
	id int(11) NOT NULL /*!AUTO_INCREMENT*/,
	name varchar(255) NOT NULL,
	headquarters varchar(255) NOT NULL,
	PRIMARY KEY (id)
) /*!ENGINE=InnoDB COLLATE=utf8mb4_general_ci*/;
CREATE INDEX ix_hero_age ON hero (age);
CREATE INDEX ix_hero_name ON hero (name);
CREATE INDEX ix_team_name ON team (name);
COMMIT;
