export * from './index-object.constants';
export {
  CVR_PATTERN,
  HANDLINGSFACET_PATTERN,
  KLE_EMNE_PATTERN,
  RFC4122_UUID_PATTERN,
  type Party,
} from './common.schema';
export { type Journalpost, type Sag } from './sag.schema';
export { type Dokument } from './dokument.schema';
export { type BevilgetYdelse, type Bevilling } from './bevilling.schema';
export { type Effektuering } from './effektuering.schema';
export {
  deliveryItemSchema,
  type DeliveryItem,
  type IndexObject,
  type UpsertDeliveryItem,
} from './delivery-item.schema';
