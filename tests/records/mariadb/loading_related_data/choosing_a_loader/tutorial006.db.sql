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
INSERT INTO "hero" VALUES(1,'Deadpond','Dive Wilson',NULL,2);
INSERT INTO "hero" VALUES(2,'Rusty-Man','Tommy Sharp',48,3);
INSERT INTO "hero" VALUES(3,'Spider-Boy','Pedro Parqueador',NULL,3);
INSERT INTO "hero" VALUES(4,'Dr. Weird','Steve Weird',36,NULL);
CREATE TABLE team (
	id int(11) NOT NULL /*!AUTO_INCREMENT*/,
	name varchar(255) NOT NULL,
	headquarters varchar(255) NOT NULL,
	PRIMARY KEY (id)
) /*!ENGINE=InnoDB COLLATE=utf8mb4_general_ci*/;
INSERT INTO "team" VALUES(1,'Avengers','Avengers Tower');
INSERT INTO "team" VALUES(2,'Z-Force','Sister Margaret''s Bar');
INSERT INTO "team" VALUES(3,'Preventers','Sharp Tower');
CREATE INDEX ix_hero_age ON hero (age);
CREATE INDEX ix_hero_name ON hero (name);
CREATE INDEX ix_team_name ON team (name);
COMMIT;
