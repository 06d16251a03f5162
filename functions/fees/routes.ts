import { newApp } from '../http/openapi'

/** Fee quotes, void/refund effects and profit share (public). */
export const feeRoutes = newApp()
