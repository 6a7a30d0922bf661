BEGIN TRANSACTION;
CREATE TABLE hero (
	id int(11) NOT NULL /*!AUTO_INCREMENT*/,
	name varchar(255) NOT NULL,
	secret_name varchar(255) NOT NULL,
	age int(11),
	PRIMARY KEY (id)
) /*!ENGINE=InnoDB COLLATE=utf8mb4_general_ci*/;
INSERT INTO "hero" VALUES(1,'Rusty-Man','Tommy Sharp',48);
INSERT INTO "hero" VALUES(2,'Spider-Boy','Pedro Parqueador',NULL);
CREATE TABLE heroteamlink (
	team_id int(11) NOT NULL,
	hero_id int(11) NOT NULL,
	PRIMARY KEY (team_id, hero_id),
	CONSTRAINT heroteamlink_ibfk_1 FOREIGN KEY (team_id) REFERENCES team (id),
	CONSTRAINT heroteamlink_ibfk_2 FOREIGN KEY (hero_id) REFERENCES hero (id)
) /*!ENGINE=InnoDB COLLATE=utf8mb4_general_ci*/;
INSERT INTO "heroteamlink" VALUES(1,2);
CREATE TABLE team (
	id int(11) NOT NULL /*!AUTO_INCREMENT*/,
	name varchar(255) NOT NULL,
	headquarters varchar(255) NOT NULL,
	PRIMARY KEY (id)
) /*!ENGINE=InnoDB COLLATE=utf8mb4_general_ci*/;
INSERT INTO "team" VALUES(1,'Preventers','Sharp Tower');
CREATE INDEX ix_hero_age ON hero (age);
CREATE INDEX ix_hero_name ON hero (name);
CREATE INDEX ix_team_name ON team (name);
COMMIT;
