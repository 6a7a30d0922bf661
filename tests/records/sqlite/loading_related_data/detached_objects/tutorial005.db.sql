BEGIN TRANSACTION;
CREATE TABLE hero (
	id INTEGER NOT NULL,
	name VARCHAR NOT NULL,
	secret_name VARCHAR NOT NULL,
	age INTEGER,
	team_id INTEGER,
	PRIMARY KEY (id),
	FOREIGN KEY(team_id) REFERENCES team (id)
);
INSERT INTO "hero" VALUES(1,'Deadpond','Dive Wilson',NULL,2);
INSERT INTO "hero" VALUES(2,'Rusty-Man','Tommy Sharp',48,3);
INSERT INTO "hero" VALUES(3,'Spider-Boy','Pedro Parqueador',NULL,3);
INSERT INTO "hero" VALUES(4,'Dr. Weird','Steve Weird',36,NULL);
CREATE TABLE team (
	id INTEGER NOT NULL,
	name VARCHAR NOT NULL,
	headquarters VARCHAR NOT NULL,
	PRIMARY KEY (id)
);
INSERT INTO "team" VALUES(1,'Avengers','Avengers Tower');
INSERT INTO "team" VALUES(2,'Z-Force','Sister Margaret''s Bar');
INSERT INTO "team" VALUES(3,'Preventers','Sharp Tower');
CREATE INDEX ix_hero_age ON hero (age);
CREATE INDEX ix_hero_name ON hero (name);
CREATE INDEX ix_team_name ON team (name);
COMMIT;
