BEGIN TRANSACTION;
CREATE TABLE hero (
	id int(11) NOT NULL /*!AUTO_INCREMENT*/,
	name varchar(255) NOT NULL,
	secret_name varchar(255) NOT NULL,
	weapon_id int(11),
	PRIMARY KEY (id),
	CONSTRAINT hero_ibfk_1 FOREIGN KEY (weapon_id) REFERENCES weapon (id)
) /*!ENGINE=InnoDB COLLATE=utf8mb4_general_ci*/;
CREATE TABLE weapon (
	id int(11) NOT NULL /*!AUTO_INCREMENT*/,
	name varchar(255) NOT NULL,
	PRIMARY KEY (id)
) /*!ENGINE=InnoDB COLLATE=utf8mb4_general_ci*/;
CREATE INDEX ix_hero_name ON hero (name);
CREATE INDEX ix_weapon_name ON weapon (name);
COMMIT;
