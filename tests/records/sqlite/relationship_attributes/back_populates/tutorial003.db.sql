BEGIN TRANSACTION;
CREATE TABLE hero (
	id INTEGER NOT NULL,
	name VARCHAR NOT NULL,
	secret_name VARCHAR NOT NULL,
	age INTEGER,
	team_id INTEGER,
	weapon_id INTEGER,
	PRIMARY KEY (id),
	FOREIGN KEY(team_id) REFERENCES team (id),
	FOREIGN KEY(weapon_id) REFERENCES weapon (id)
);
INSERT INTO "hero" VALUES(1,'Thor','Thor Odinson',NULL,1,1);
CREATE TABLE power (
	id INTEGER NOT NULL,
	name VARCHAR NOT NULL,
	hero_id INTEGER NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(hero_id) REFERENCES hero (id)
);
INSERT INTO "power" VALUES(1,'Lightning',1);
INSERT INTO "power" VALUES(2,'Flight',1);
CREATE TABLE team (
	id INTEGER NOT NULL,
	name VARCHAR NOT NULL,
	headquarters VARCHAR NOT NULL,
	PRIMARY KEY (id)
);
INSERT INTO "team" VALUES(1,'Avengers','Avengers Tower');
CREATE TABLE weapon (
	id INTEGER NOT NULL,
	name VARCHAR NOT NULL,
	PRIMARY KEY (id)
);
INSERT INTO "weapon" VALUES(1,'Mjolnir');
CREATE INDEX ix_hero_age ON hero (age);
CREATE INDEX ix_hero_name ON hero (name);
CREATE INDEX ix_power_name ON power (name);
CREATE INDEX ix_team_name ON team (name);
CREATE INDEX ix_weapon_name ON weapon (name);
COMMIT;
