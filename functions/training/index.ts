/**
 * Training and certification sub-apps. Mount in functions/app.ts:
 *   app.route('/api/v1/quizzes', quizRoutes)
 *   app.route('/api/v1/exams', examRoutes)
 *   app.route('/api/v1/attempts', attemptRoutes)
 *   app.route('/api/v1/people', extensionRoutes)
 *   app.route('/api/v1/certificates', certificateRoutes)
 *   app.route('/api/v1/merchants', rosterRoutes)
 *   app.route('/.well-known', jwksRoutes)
 */
export { attemptRoutes } from './attempt-routes'
export { certificateRoutes, jwksRoutes } from './certificate-routes'
export { examRoutes } from './exam-routes'
export { extensionRoutes } from './extension-routes'
export { quizRoutes } from './practice-routes'
export { rosterRoutes } from './roster-routes'
