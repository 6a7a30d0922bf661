BEGIN TRANSACTION;
CREATE TABLE hero (
	id int(11) NOT NULL /*!AUTO_INCREMENT*/,
	name varchar(255) NOT NULL,
	secret_name varchar(255) NOT NULL,
	age int(11),
	team_id int(11),
	weapon_id int(11),
	PRIMARY KEY (id),
	CONSTRAINT hero_ibfk_1 FOREIGN KEY (team_id) REFERENCES team (id),
	CONSTRAINT hero_ibfk_2 FOREIGN KEY (weapon_id) REFERENCES weapon (id)
) /*!ENGINE=InnoDB COLLATE=utf8mb4_general_ci*/;
INSERT INTO "hero" VALUES(1,'Thor','Thor Odinson',NULL,1,1);
CREATE TABLE power (
	id int(11) NOT NULL /*!AUTO_INCREMENT*/,
	name varchar(255) NOT NULL,
	hero_id int(11) NOT NULL,
	PRIMARY KEY (id),
	CONSTRAINT power_ibfk_1 FOREIGN KEY (hero_id) REFERENCES hero (id)
) /*!ENGINE=InnoDB COLLATE=utf8mb4_general_ci*/;
INSERT INTO "power" VALUES(1,'Lightning',1);
INSERT INTO "power" VALUES(2,'Flight',1);
CREATE TABLE team (
	id int(11) NOT NULL /*!AUTO_INCREMENT*/,
	name varchar(255) NOT NULL,
	headquarters varchar(255) NOT NULL,
	PRIMARY KEY (id)
) /*!ENGINE=InnoDB COLLATE=utf8mb4_general_ci*/;
INSERT INTO "team" VALUES(1,'Avengers','Avengers Tower');
CREATE TABLE weapon (
	id int(11) NOT NULL /*!AUTO_INCREMENT*/,
	name varchar(255) NOT NULL,
	PRIMARY KEY (id)
) /*!ENGINE=InnoDB COLLATE=utf8mb4_general_ci*/;
INSERT INTO "weapon" VALUES(1,'Mjolnir');
CREATE INDEX ix_hero_age ON hero (age);
CREATE INDEX ix_hero_name ON hero (name);
CREATE INDEX ix_power_name ON power (name);
CREATE INDEX ix_team_name ON team (name);
CREATE INDEX ix_weapon_name ON weapon (name);
COMMIT;
