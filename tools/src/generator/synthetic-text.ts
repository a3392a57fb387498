/** Texts for synthetic data: names, titles, explanations. Plain Danish, no digits that look like CPR or phone numbers. */

export const FIRST_NAMES = [
  'Anne', 'Kirsten', 'Mette', 'Hanne', 'Helle', 'Susanne', 'Lene', 'Maria', 'Marianne', 'Camilla', 'Louise', 'Sofie',
  'Ida', 'Emma', 'Freja', 'Julie', 'Laura', 'Mathilde', 'Karen', 'Birgitte', 'Peter', 'Jens', 'Lars', 'Michael',
  'Henrik', 'Thomas', 'Søren', 'Jan', 'Niels', 'Morten', 'Rasmus', 'Jesper', 'Martin', 'Anders', 'Mads', 'Frederik',
  'Mikkel', 'Christian', 'Kasper', 'Jonas', 'Oliver', 'William', 'Noah', 'Lucas', 'Emil', 'Malthe', 'Ahmed', 'Fatima',
  'Ali', 'Zainab', 'Anna', 'Piotr', 'Agnieszka', 'Ole', 'Bent', 'Inge', 'Grethe', 'Ebbe', 'Asger', 'Signe',
] as const;

export const LAST_NAMES = [
  'Nielsen', 'Jensen', 'Hansen', 'Pedersen', 'Andersen', 'Christensen', 'Larsen', 'Sørensen', 'Rasmussen', 'Jørgensen',
  'Petersen', 'Madsen', 'Kristensen', 'Olsen', 'Thomsen', 'Christiansen', 'Poulsen', 'Johansen', 'Møller', 'Mortensen',
  'Knudsen', 'Jakobsen', 'Mikkelsen', 'Olesen', 'Frederiksen', 'Laursen', 'Henriksen', 'Lund', 'Holm', 'Schmidt',
  'Eriksen', 'Kristiansen', 'Clausen', 'Simonsen', 'Svendsen', 'Andreasen', 'Iversen', 'Jeppesen', 'Vestergaard', 'Bach',
  'Ali', 'Hussein', 'Nowak', 'Kowalski', 'Yilmaz', 'Østergaard', 'Dahl', 'Skov', 'Kjær', 'Bertelsen',
] as const;

/** Case titles the caseworker writes, per KLE emne (the municipality may show them instead of the KLE title). */
export const SAG_TITLER: Readonly<Record<string, readonly string[]>> = {
  '15.17.06': ['Sygedagpengeopfølgning', 'Opfølgning på sygefravær', 'Sygedagpengesag, opfølgning'],
  '15.17.12': ['Revalidering', 'Revalideringsforløb', 'Vurdering af revalidering'],
  '15.17.22': ['Ressourceforløb', 'Indstilling til ressourceforløb'],
  '15.17.26': ['Jobafklaringsforløb', 'Jobafklaring efter sygedagpenge'],
  '15.20.24': ['Fleksjob', 'Visitation til fleksjob', 'Revurdering af fleksjob'],
  '32.21.12': ['Hjælp til enkeltudgifter', 'Ansøgning om hjælp til tandbehandling', 'Ansøgning om hjælp til flytning'],
  '32.24.04': ['Ansøgning om kontanthjælp', 'Hjælp til forsørgelse', 'Kontanthjælp', 'Uddannelseshjælp'],
  '32.24.08': ['Revalideringsydelse', 'Ansøgning om revalideringsydelse'],
  '32.24.12': ['Ledighedsydelse', 'Ansøgning om ledighedsydelse'],
  '32.24.28': ['Ressourceforløbsydelse', 'Ydelse under ressourceforløb'],
  '32.27.10': ['Fleksløntilskud', 'Tilskud til fleksløn'],
  '32.30.04': ['Sygedagpenge', 'Udbetaling af sygedagpenge', 'Sygedagpenge fra første fraværsdag'],
};

export const YDELSE_NAVNE: Readonly<Record<string, string>> = {
  '32.21.12': 'Hjælp til enkeltudgifter',
  '32.24.04': 'Kontanthjælp',
  '32.24.08': 'Revalideringsydelse',
  '32.24.12': 'Ledighedsydelse',
  '32.24.28': 'Ressourceforløbsydelse',
  '32.27.10': 'Fleksløntilskud',
  '32.30.04': 'Sygedagpenge',
};

export const DOKUMENT_TITLER: Readonly<Record<string, readonly string[]>> = {
  'Brev, udgaaende': ['Afgørelse', 'Partshøring', 'Indkaldelse til samtale', 'Kvittering for ansøgning', 'Orientering om udbetaling', 'Anmodning om oplysninger'],
  'Brev, indgaaende': ['Ansøgning', 'Lægeerklæring', 'Dokumentation for udgifter', 'Bemærkninger til partshøring', 'Kontoudskrift'],
  'Internt Notat': ['Notat om samtale', 'Vurdering', 'Journalnotat'],
  'Eksternt Notat': ['Referat af rundbordssamtale', 'Udtalelse fra arbejdsgiver'],
  Plan: ['Jobplan', 'Min plan', 'Opfølgningsplan'],
  Rapport: ['Statusrapport', 'Rapport fra virksomhedspraktik'],
  Andet: ['Bilag', 'Kopi af aftale'],
};

export const KILDE_STATUS = {
  Opstaaet: 'Modtaget',
  Oplyst: 'Under behandling',
  Afgjort: 'Afgjort',
  Afsluttet: 'Lukket',
} as const;
