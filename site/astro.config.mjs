// The training site: Starlight, zh-CN at the root and English under /en/. Built to site/dist, which the Worker
// serves as static assets (wrangler.toml [assets]); only /api/* and /.well-known/* reach the Worker.
import { defineConfig } from 'astro/config'
import starlight from '@astrojs/starlight'
import starlightLinksValidator from 'starlight-links-validator'
import inlineHashes from './integrations/inline-hashes.mjs'

// Course modules in teaching order: [directory, zh-CN label, English label].
const modules = [
  ['wrong-swipes', '刷错卡与交易异常', 'Wrong swipes'],
  ['card-data', '保护卡信息', 'Card data'],
  ['updates-wifi', 'POS 更新与联网', 'Updates & Wi-Fi'],
  ['fraud', '识别欺诈', 'Fraud'],
  ['fees', '费率与分润', 'Fees & profit share'],
  ['desk', '事件处理台', 'Incident desk'],
  ['consumers', '消费者须知', 'For consumers'],
  ['certification', '考试与证书', 'Certification'],
  ['integrators', '终端接入', 'For integrators'],
]

export default defineConfig({
  // Bundled scripts and styles go to files under /_astro/ instead of inline blocks, so the CSP in
  // public/_headers only has to hash Starlight's few deliberate inline scripts.
  build: { inlineStylesheets: 'never' },
  vite: {
    build: {
      assetsInlineLimit: 0,
      rollupOptions: {
        // Astro marks every MDX page with this directive and the bundler warns about each one (hundreds of
        // lines that bury real errors); it is Astro's own marker and harmless.
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('astro:head-inject')) return
          warn(warning)
        },
      },
    },
  },
  integrations: [
    starlight({
      // Both names in one title, so it reads right in either language. No site-wide description: it would
      // leak Chinese into English pages that have none of their own; each page sets its own.
      title: '刷卡无忧 SwipeSafe',
      defaultLocale: 'root',
      locales: {
        root: { label: '简体中文', lang: 'zh-CN' },
        en: { label: 'English', lang: 'en' },
      },
      favicon: '/favicon.svg',
      customCss: ['./src/styles/custom.css', './src/styles/controls.css', './src/styles/print.css'],
      sidebar: [
        ...modules.map(([directory, zh, en]) => ({
          label: zh,
          translations: { en },
          items: [{ autogenerate: { directory } }],
        })),
        { slug: 'verify', label: '证书查验', translations: { en: 'Verify a certificate' } },
        { slug: 'glossary', label: '术语表', translations: { en: 'Glossary' } },
        { slug: 'sign-in', label: '登录', translations: { en: 'Sign in' } },
      ],
      // A broken internal link fails the build instead of shipping a 404.
      plugins: [starlightLinksValidator()],
    }),
    inlineHashes(),
  ],
})
