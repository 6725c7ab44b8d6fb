import { runTable, type Row } from './corpus-table.js';

// Reference: Monday 2019-12-02 (ISO week 2019-W49). Untensed text reads as past narration.
const rows: Row[] = [
  ["El presidente llegará mañana a las 9:00.", "mañana a las 9:00", "2019-12-03T09:00"],
  ["El ministro llegó ayer.", "ayer", "2019-12-01"],
  ["La reunión fue anteayer.", "anteayer", "2019-11-30"],
  ["El presidente viajará mañana a Lima.", "mañana", "2019-12-03"],
  ["La votación será pasado mañana.", "pasado mañana", "2019-12-04"],
  ["Los precios subieron la semana pasada.", "la semana pasada", "2019-W48"],
  ["La cumbre será la próxima semana.", "la próxima semana", "2019-W50"],
  ["La economía creció el año pasado.", "el año pasado", "2018"],
  ["El acuerdo se firmó el pasado martes.", "el pasado martes", "2019-11-26"],
  ["La visita será el próximo lunes.", "el próximo lunes", "2019-12-09"],
  ["Se firmó el 2 de diciembre de 2019.", "2 de diciembre de 2019", "2019-12-02"],
  ["Murió hace tres días.", "hace tres días", "2019-11-29"],
  ["El informe saldrá dentro de dos semanas.", "dentro de dos semanas", "2019-W51"],
  ["Las tiendas cerraron en Navidad.", "Navidad", "2018-12-25"],
  ["El gobierno anunció el lunes un plan.", "el lunes", "2019-12-02"],
  ["La inflación subió en diciembre.", "diciembre", "2019-12"],
  ["La sesión comenzó a las 10:30.", "10:30", "2019-12-02T10:30"],
  ["Las ventas cayeron el mes pasado.", "el mes pasado", "2019-11"],
  ["La obra se inaugurará el mes próximo.", "el mes próximo", "2020-01"],
  ["El partido se jugará el 25 de diciembre.", "25 de diciembre", "2019-12-25"],
  ["Ocurrió a finales de noviembre.", "a finales de noviembre", "2019-11", { mod: "END" }],
  ["Se reunieron a mediados de octubre.", "a mediados de octubre", "2019-10", { mod: "MID" }],
  ["Nació el 3 de marzo de 1950.", "3 de marzo de 1950", "1950-03-03"],
  ["La crisis comenzó en 2008.", "2008", "2008"],
  ["Este año la cosecha fue mala.", "Este año", "2019"],
  ["El año que viene habrá elecciones.", "El año que viene", "2020"],
  ["Hace dos años se firmó la paz.", "Hace dos años", "2017"],
  ["Las celebraciones de Año Nuevo chino comenzaron.", "Año Nuevo chino", "2019-02-05"],
  ["Los fieles celebraron la Pascua.", "Pascua", "2019-04-21"],
  ["Se celebró el Viernes Santo.", "Viernes Santo", "2019-04-19"],
  ["La policía lo detuvo el domingo por la noche.", "el domingo por la noche", "2019-12-01"],
  ["Se celebra del 2 al 5 de diciembre.", "del 2 al 5 de diciembre", "2019-12-02"],
  ["Creció en el tercer trimestre de 2019.", "tercer trimestre de 2019", "2019-Q3"],
  ["El viernes llegó la delegación.", "El viernes", "2019-11-29"],
  // Ampliación con estilo de agencia (referencia: lunes 2019-12-02).
  ["El presidente llegó a Bogotá el pasado viernes.", "el pasado viernes", "2019-11-29"],
  ["La cumbre se celebrará el 15 de enero.", "15 de enero", "2020-01-15"],
  ["El terremoto ocurrió el 19 de septiembre de 2017.", "19 de septiembre de 2017", "2017-09-19"],
  ["El Gobierno aprobó el plan el lunes.", "el lunes", "2019-12-02"],
  // Future written without accents, in a text that has none: the coming day.
  ["El equipo jugara el domingo en Lima.", "el domingo", "2019-12-08"],
  ["Los ministros se reuniran el martes en Lima.", "el martes", "2019-12-03"],
  // …but not after a subjunctive trigger ("que se investigara").
  ["Pidio que se investigara lo ocurrido el martes.", "el martes", "2019-11-26"],
  // A range without years: the end in the start's year.
  ["Se celebraba del 2 al 5 de diciembre.", "del 2 al 5 de diciembre", "2019-12-02", { range: { from: "2019-12-02", to: "2019-12-05" } }],
];

// Impossible calendar dates give nothing.
const rejects = [
  "el 30 de febrero de 2019",
  "el 31 de noviembre",
  // A holiday word inside a person's or a place's name is not a date.
  "El turismo crece en la Isla de Pascua.",
  "El islamólogo Tariq Ramadán fue acusado en París.",
];

runTable('es', rows, rejects);
