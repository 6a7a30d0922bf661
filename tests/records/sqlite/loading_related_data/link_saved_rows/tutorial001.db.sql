BEGIN TRANSACTION;
CREATE TABLE hero (
	id INTEGER NOT NULL,
	name VARCHAR NOT NULL,
	secret_name VARCHAR NOT NULL,
	age INTEGER,
	PRIMARY KEY (id)
);
INSERT INTO "hero" VALUES(1,'Spider-Boy','Pedro Parqueador',NULL);
CREATE TABLE heroteamlink (
	team_id INTEGER NOT NULL,
	hero_id INTEGER NOT NULL,
	is_training BOOLEAN NOT NULL,
	PRIMARY KEY (team_id, hero_id),
	FOREIGN KEY(team_id) REFERENCES team (id),
	FOREIGN KEY(hero_id) REFERENCES hero (id)
);
INSERT INTO "heroteamlink" VALUES(1,1,1);
CREATE TABLE team (
	id INTEGER NOT NULL,
	name VARCHAR NOT NULL,
	headquarters VARCHAR NOT NULL,
	PRIMARY KEY (id)
);
INSERT INTO "team" VALUES(1,'Preventers','Sharp Tower');
CREATE INDEX ix_hero_age ON hero (age);
CREATE INDEX ix_hero_name ON hero (name);
CREATE INDEX ix_team_name ON team (name);
COMMIT;
