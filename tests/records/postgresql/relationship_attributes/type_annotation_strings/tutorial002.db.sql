BEGIN TRANSACTION;
CREATE TABLE hero (
	id serial NOT NULL,
	name character varying NOT NULL,
	secret_name character varying NOT NULL,
	weapon_id integer,
	CONSTRAINT hero_pkey PRIMARY KEY (id),
	CONSTRAINT hero_weapon_id_fkey FOREIGN KEY (weapon_id) REFERENCES weapon(id)
);
CREATE TABLE weapon (
	id serial NOT NULL,
	name character varying NOT NULL,
	CONSTRAINT weapon_pkey PRIMARY KEY (id)
);
CREATE INDEX ix_hero_name ON hero (name);
CREATE INDEX ix_weapon_name ON weapon (name);
COMMIT;
