import { SimpleGrid, Stack, Tabs, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import classes from './Composer.module.css';

/** A small, fixed set of the emojis used most in customer service; no data file to download. */
const GRUPOS = {
  rostos: '😀 😃 😄 😁 😆 😅 😂 🙂 😉 😊 😇 🥰 😍 🤩 😘 😋 😜 🤗 🤔 🤨 😐 😶 🙄 😏 😌 😔 😴 😷 🤒 🥳 😎 🤓 😕 😟 🙁 😮 😲 😳 🥺 😢 😭 😤 😡 🤯 😱 🙏',
  gestos: '👍 👎 👌 ✌️ 🤞 🤝 👏 🙌 👋 💪 👉 👈 👆 👇 ✋ 🤙 ✍️ 🫶',
  objetos: '❤️ 🧡 💛 💚 💙 💜 🖤 💔 ✨ ⭐ 🌟 🔥 🎉 🎁 📦 🚚 🛒 💳 💰 🧾 📄 📎 📞 📱 💻 📧 📅 ⏰ 🔒 🔑 🏠 🏪 ☕ 🍕',
  simbolos: '✅ ☑️ ✔️ ❌ ❗ ❓ ⚠️ 🚫 ℹ️ 🆗 🆕 🔝 🔄 ➡️ ⬅️ ⬆️ ⬇️ 💯 🔔 📌 🏷️ 🕐',
} as const;

type Grupo = keyof typeof GRUPOS;

export function EmojiPicker({ onEscolher }: { onEscolher: (emoji: string) => void }) {
  const { t } = useTranslation();
  return (
    <Tabs defaultValue="rostos" variant="pills" radius="md">
      <Stack gap="xs" w={296}>
        <Tabs.List grow aria-label={t('composer.emojiGrupos')}>
          {(Object.keys(GRUPOS) as Grupo[]).map((grupo) => (
            <Tabs.Tab key={grupo} value={grupo} fz="xs" px={6}>
              {t(`composer.emoji.${grupo}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {(Object.entries(GRUPOS) as [Grupo, string][]).map(([grupo, lista]) => (
          <Tabs.Panel key={grupo} value={grupo}>
            <SimpleGrid cols={8} spacing={2} verticalSpacing={2}>
              {lista.split(' ').map((emoji) => (
                <UnstyledButton key={emoji} className={classes.emoji} onClick={() => onEscolher(emoji)} aria-label={emoji}>
                  {emoji}
                </UnstyledButton>
              ))}
            </SimpleGrid>
          </Tabs.Panel>
        ))}
      </Stack>
    </Tabs>
  );
}
