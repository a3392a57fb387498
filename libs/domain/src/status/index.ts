export { citizenStatus, statusTimeline } from './citizen-status';
