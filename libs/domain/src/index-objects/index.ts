export * from './index-object.constants';
export {
  CVR_PATTERN,
  HANDLINGSFACET_PATTERN,
  KLE_EMNE_PATTERN,
  RFC4122_UUID_PATTERN,
  type Party,
} from './common.schema';
export { type Journalpost, type Sag, sagSchema } from './sag.schema';
export { type Dokument, dokumentSchema } from './dokument.schema';
export { type BevilgetYdelse, type Bevilling, bevillingSchema } from './bevilling.schema';
export { type Effektuering, effektueringSchema } from './effektuering.schema';
export {
  deliveryItemSchema,
  removeDeliveryItemSchema,
  upsertDeliveryItemSchema,
  type DeliveryItem,
  type IndexObject,
  type UpsertDeliveryItem,
} from './delivery-item.schema';
