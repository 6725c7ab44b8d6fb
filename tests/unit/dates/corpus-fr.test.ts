import { runTable, type Row } from './corpus-table.js';

// Reference: Monday 2019-12-02 (ISO week 2019-W49). Untensed text reads as past narration.
const rows: Row[] = [
  ["Il arrivera lundi à 10h30.", "lundi à 10h30", "2019-12-02T10:30"],
  ["Il est arrivé hier soir.", "hier soir", "2019-12-01"],
  ["Le vote a eu lieu avant-hier.", "avant-hier", "2019-11-30"],
  ["Il partira demain.", "demain", "2019-12-03"],
  ["Le sommet s'ouvre après-demain.", "après-demain", "2019-12-04"],
  ["Les prix ont augmenté la semaine dernière.", "la semaine dernière", "2019-W48"],
  ["La réunion aura lieu la semaine prochaine.", "la semaine prochaine", "2019-W50"],
  ["Le chômage a baissé le mois dernier.", "le mois dernier", "2019-11"],
  ["Il a été élu l'an dernier.", "l'an dernier", "2018"],
  ["Les ventes ont chuté l'année dernière.", "l'année dernière", "2018"],
  ["L'accord a été signé le 2 décembre.", "2 décembre", "2019-12-02"],
  ["Le ministre a parlé mardi dernier.", "mardi dernier", "2019-11-26"],
  ["La prise de la Bastille eut lieu le 14 juillet 1789.", "14 juillet 1789", "1789-07-14"],
  ["Il a disparu il y a trois jours.", "il y a trois jours", "2019-11-29"],
  ["Les résultats seront publiés dans deux semaines.", "dans deux semaines", "2019-W51"],
  ["Les magasins étaient pleins à Noël.", "Noël", "2018-12-25"],
  ["Les fidèles ont fêté Pâques.", "Pâques", "2019-04-21"],
  ["Il reviendra lundi prochain.", "lundi prochain", "2019-12-09"],
  ["La loi entre en vigueur le 1er janvier 2020.", "1er janvier 2020", "2020-01-01"],
  ["La croissance a ralenti en 2019.", "2019", "2019"],
  ["Les travaux commencent début décembre.", "début décembre", "2019-12", { mod: "START" }],
  ["La séance débute à 15h30.", "15h30", "2019-12-02T15:30"],
  ["Le lundi 2 décembre 2019, il a plu.", "lundi 2 décembre 2019", "2019-12-02"],
  ["Il sera à Pékin le mois prochain.", "le mois prochain", "2020-01"],
  ["Elle a démissionné cette semaine.", "cette semaine", "2019-W49"],
  ["Le traité sera ratifié l'année prochaine.", "l'année prochaine", "2020"],
  ["Il a été arrêté jeudi.", "jeudi", "2019-11-28"],
  ["Le président se rendra à Alger jeudi.", "jeudi", "2019-12-05"],
  ["Les élections auront lieu fin janvier.", "fin janvier", "2020-01", { mod: "END" }],
  ["Le pays a changé dans les années 1990.", "les années 1990", "199"],
  ["Le PIB a progressé au troisième trimestre 2019.", "troisième trimestre 2019", "2019-Q3"],
  ["Les festivités de l'Aïd el-Kébir ont commencé.", "Aïd el-Kébir", "2019-08-11"],
  ["Le défilé du 14 juillet a eu lieu.", "14 juillet", "2019-07-14"],
  ["La fête nationale française a été célébrée.", "fête nationale française", "2019-07-14"],
  ["Le Nouvel An chinois a été fêté.", "Nouvel An chinois", "2019-02-05"],
  ["Il est mort le 3 mars 2018 à Paris.", "3 mars 2018", "2018-03-03"],
  ["Il y a deux ans, la guerre éclatait.", "Il y a deux ans", "2017"],
  ["La conférence aura lieu du 2 au 5 décembre.", "du 2 au 5 décembre", "2019-12-02"],
  ["Ce matin, la police a arrêté deux suspects.", "Ce matin", "2019-12-02"],
  ["Il arrivera demain à 10h.", "demain à 10h", "2019-12-03T10:00"],
  // Ajouts style dépêche (référence : lundi 2019-12-02).
  ["Le sommet se tiendra le 15 janvier à Paris.", "15 janvier", "2020-01-15"],
  ["Le président a été élu le 7 mai 2017.", "7 mai 2017", "2017-05-07"],
  ["Les négociations reprendront lundi prochain.", "lundi prochain", "2019-12-09"],
  ["La grève a commencé jeudi dernier.", "jeudi dernier", "2019-11-28"],
  ["Le texte a été adopté mardi.", "mardi", "2019-11-26"],
  ["Le festival a eu lieu du 2 au 5 décembre.", "du 2 au 5 décembre", "2019-12-02", { range: { from: "2019-12-02", to: "2019-12-05" } }],
];

// Impossible calendar dates give nothing.
const rejects = [
  "le 30 février",
  "le 31 novembre 2019",
  // A holiday word inside a person's or a place's name is not a date.
  "Des touristes ont visité l'île de Pâques.",
  "L'islamologue Tariq Ramadan a été mis en examen.",
];

runTable('fr', rows, rejects);
