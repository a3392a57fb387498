export * from './index-object.constants';
export {
  CVR_PATTERN,
  FORMAT_RULES,
  HANDLINGSFACET_PATTERN,
  KLE_EMNE_PATTERN,
  RFC4122_UUID_PATTERN,
  URN_PATTERN,
  actorUrnSchema,
  amountSchema,
  cvrSchema,
  dateSchema,
  dateTimeSchema,
  ejerSchema,
  foelsomhedSchema,
  itSystemSchema,
  kleEmneSchema,
  partySchema,
  partyUrnSchema,
  uuidSchema,
  storedVisningsklasseSchema,
  virkningSchema,
  visningsklasseSchema,
  type Ejer,
  type ItSystem,
  type Party,
  type Visningsklasse,
} from './common.schema';
export {
  fremdriftSchema,
  journalpostSchema,
  journalpostDokumentSchema,
  journalpostNotatSchema,
  sagSchema,
  type Fremdrift,
  type Journalpost,
  type Sag,
} from './sag.schema';
export { dokumentSchema, type Dokument } from './dokument.schema';
export {
  betalingsplanSchema,
  bevilgetYdelseSchema,
  bevillingSchema,
  type Betalingsplan,
  type BevilgetYdelse,
  type Bevilling,
} from './bevilling.schema';
export {
  effektueringLinjeSchema,
  effektueringSchema,
  type Effektuering,
  type EffektueringLinje,
} from './effektuering.schema';
export {
  LONE_SURROGATE_RULE,
  NUL_CHARACTER_RULE,
  unsafeTextRule,
  unsafeTextsIn,
  type UnsafeText,
} from './delivered-text.check';
export {
  deliveryItemSchema,
  indexObjectSchema,
  removeDeliveryItemSchema,
  removedObjectSchema,
  upsertDeliveryItemSchema,
  type DeliveryItem,
  type IndexObject,
  type RemoveDeliveryItem,
  type RemovedObject,
  type UpsertDeliveryItem,
} from './delivery-item.schema';
